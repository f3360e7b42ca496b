package io.lanes.storage;

import org.apache.kafka.common.TopicPartition;

/**
 * Told of every fsync of a partition log (group commit in {@code FSYNC} mode, flush.ms / flush.messages
 * triggers in {@code PAGE_CACHE} mode), for metrics.
 *
 * <p>Called on the thread that ran the fsync, after it succeeded; must be quick and must not throw.
 */
@FunctionalInterface
public interface FlushListener {
    FlushListener NONE = (tp, records, acknowledged, nanos) -> { };

    /**
     * @param tp           the partition flushed
     * @param records      offsets the fsync made durable (records, control records included)
     * @param acknowledged produce requests waiting for durability that this fsync released
     * @param nanos        how long the fsync took
     */
    void flushed(TopicPartition tp, long records, int acknowledged, long nanos);
}
