package io.lanes.ops.lag;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds the timestamp of the oldest unconsumed record of partitions: the first record at or
 * after the committed offset, read by assigning the partitions to a group-less consumer and
 * seeking to the committed offsets. The cost is bounded: the consumer should fetch little per
 * partition (see {@link LagMonitor}'s consumer settings), a partition stops being fetched once
 * it answered, and the whole read stops after {@code bound}, leaving partitions that did not
 * answer in time without a timestamp. Not thread-safe (a Kafka consumer is not); the caller
 * owns and closes the consumer.
 */
public final class RecordAgeReader {
    private final Consumer<byte[], byte[]> consumer;
    private final Duration bound;

    public RecordAgeReader(Consumer<byte[], byte[]> consumer, Duration bound) {
        this.consumer = consumer;
        this.bound = bound;
    }

    /** Timestamps (epoch ms) of the records at the given offsets, for the partitions that answered in time. */
    public Map<TopicPartition, Long> timestampsAt(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        if (offsets.isEmpty()) {
            return timestamps;
        }
        consumer.assign(offsets.keySet());
        offsets.forEach(consumer::seek);
        Set<TopicPartition> waiting = new HashSet<>(offsets.keySet());
        long deadline = System.nanoTime() + bound.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(Math.min(leftMs, 200)));
            for (TopicPartition tp : records.partitions()) {
                if (waiting.remove(tp)) {
                    ConsumerRecord<byte[], byte[]> first = records.records(tp).get(0);
                    timestamps.put(tp, first.timestamp());
                    consumer.pause(Set.of(tp));
                }
            }
        }
        consumer.assign(Set.of());
        return timestamps;
    }
}
