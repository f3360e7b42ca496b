package io.lanes.ops.lag;

/** A group's total lag at one sampling time (epoch milliseconds). */
public record LagPoint(long timestampMs, long lag) {
}
