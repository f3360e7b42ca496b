package io.lanes.ops.lag;

/** One offset commit read from {@code __consumer_offsets}: who committed what, and when (epoch ms). */
public record OffsetCommit(String group, String topic, int partition, long offset, long commitTimestampMs) {
}
