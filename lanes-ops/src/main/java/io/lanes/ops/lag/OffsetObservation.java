package io.lanes.ops.lag;

/**
 * One committed offset of a partition as the evaluator saw it: the offset, the lag it left
 * (log end offset at that time minus the offset, never below 0) and when it was committed or
 * first observed, in epoch milliseconds.
 */
public record OffsetObservation(long offset, long lag, long timestampMs) {
}
