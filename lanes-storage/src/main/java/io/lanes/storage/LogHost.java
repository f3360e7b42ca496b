package io.lanes.storage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

/** What a {@link PartitionLog} needs from its {@link LogManager}. Implementations are thread-safe. */
interface LogHost {

    Durability durability();

    Time time();

    /** The partition's high watermark advanced (wake long-polling fetches). */
    void highWatermarkAdvanced(TopicPartition tp);

    /** An fsync of {@code tp} made {@code records} offsets durable and released {@code acknowledged} waiters. */
    void flushed(TopicPartition tp, long records, int acknowledged, long nanos);

    /** Queues a group-commit fsync task (FSYNC mode). */
    void submitGroupCommit(Runnable task);

    /** Runs a task soon on a background thread (e.g. flushing a rolled segment). */
    void runAsync(Runnable task);

    /** Runs a task after a delay on a background thread (e.g. deleting files of removed segments). */
    void runLater(Runnable task, long delayMs);

    /** The log start offset moved because of DeleteRecords; persist it. */
    void logStartOffsetChanged(PartitionLog log);
}
