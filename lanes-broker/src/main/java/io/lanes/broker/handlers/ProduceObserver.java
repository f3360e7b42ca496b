package io.lanes.broker.handlers;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Sees the records of every produce request appended (not retried duplicates), on the connection's event loop,
 * while the request's buffer is still valid: an implementation that keeps anything must copy it. Must be quick
 * (sample) and must not throw. Implementations are thread-safe: many connections produce at once.
 */
@FunctionalInterface
public interface ProduceObserver {
    ProduceObserver NONE = (tp, records, recordCount) -> { };

    void appended(TopicPartition tp, MemoryRecords records, int recordCount);
}
