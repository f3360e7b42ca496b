package io.lanes.processor.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One fetched record on its way through the processor: its raw bytes, the partition it belongs
 * to, the lane it waits in and how often its handler has failed.
 *
 * <p>Handed from thread to thread through the work queue and the retry timer (both publish it
 * safely); only one thread works on an item at a time.
 */
public final class WorkItem {

    final ConsumerRecord<byte[], byte[]> raw;
    final PartitionState partition;
    /** The lane key under KEY or PARTITION ordering; null under UNORDERED. */
    final Object lane;
    /** When the record was taken from the consumer, for the record-to-completion latency. */
    final long receivedNanos;
    /** The deserialized record, once deserialization succeeded. */
    ConsumerRecord<Object, Object> record;
    /** Failed calls of the handler so far. */
    int failedAttempts;
    /** A retry-topic record is not handled before this wall-clock time (ms); 0 for none. */
    long notBeforeMillis;

    WorkItem(ConsumerRecord<byte[], byte[]> raw, PartitionState partition, Object lane, long receivedNanos) {
        this.raw = raw;
        this.partition = partition;
        this.lane = lane;
        this.receivedNanos = receivedNanos;
    }

    public long offset() {
        return raw.offset();
    }

    @Override
    public String toString() {
        return raw.topic() + "-" + raw.partition() + "@" + raw.offset();
    }
}
