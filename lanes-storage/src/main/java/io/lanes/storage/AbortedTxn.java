package io.lanes.storage;

/**
 * An aborted transaction of one producer in one partition: its records lie in {@code [firstOffset, lastOffset)}
 * and its abort marker at {@code lastOffset}. read_committed consumers drop that producer's records in this range.
 *
 * @param lastStableOffset the partition's last stable offset right after the abort marker was written
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
