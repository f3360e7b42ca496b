package io.lanes.ops.records;

import io.lanes.ops.ReaderConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads records of one topic and hands each to a sink, as {@code kafka-console-consumer.sh} does.
 * Without a group it assigns the partitions itself (all, or the one asked) and commits nothing;
 * with a group and no partition it subscribes, takes part in the group and commits, after each
 * batch, exactly the offsets of the records it handed on (a {@code --max-messages} stop leaves the
 * rest for the next reader). It stops after {@code maxRecords}, or when no record arrived for
 * {@code idleTimeout} once it owns partitions. One call, one consumer; not for concurrent calls on
 * one sink.
 */
public final class RecordReader {

    /**
     * What to read.
     *
     * @param partition   null: every partition
     * @param group       null: assign, no commits
     * @param maxRecords  stop after this many; {@code <= 0}: no limit
     * @param idleTimeout stop when nothing arrived for this long; null: never
     */
    public record ReadRequest(String topic, Integer partition, String group, StartPosition start, long maxRecords,
                              Duration idleTimeout) {
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> clientConfig;
    private final Duration timeout;

    public RecordReader(Map<String, Object> clientConfig, Duration timeout) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.timeout = timeout;
    }

    /** Reads until a stop condition holds; returns how many records the sink got. */
    public long read(ReadRequest request, Consumer<ConsumedRecord> sink) {
        Map<String, Object> config = ReaderConfig.of(clientConfig);
        boolean earliest = request.start() instanceof StartPosition.Committed c && c.earliestIfNone();
        config.put("auto.offset.reset", earliest ? "earliest" : "latest");
        if (request.group() != null) {
            config.put("group.id", request.group());
        }
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, request);
            if (request.group() != null && request.partition() == null) {
                consumer.subscribe(List.of(request.topic()), new Seeker(consumer, request.start()));
            } else {
                consumer.assign(partitions);
                seek(consumer, partitions, request.start());
            }
            return loop(consumer, request, sink);
        }
    }

    private long loop(KafkaConsumer<byte[], byte[]> consumer, ReadRequest request, Consumer<ConsumedRecord> sink) {
        long count = 0;
        long idleSince = System.nanoTime();
        boolean owned = false;
        while (request.maxRecords() <= 0 || count < request.maxRecords()) {
            var records = consumer.poll(POLL);
            if (!owned && !consumer.assignment().isEmpty()) {
                // joining a group takes its time: the idle clock starts once partitions are ours
                owned = true;
                idleSince = System.nanoTime();
            }
            Map<TopicPartition, OffsetAndMetadata> handed = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                sink.accept(consumed(record));
                count++;
                handed.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                if (request.maxRecords() > 0 && count >= request.maxRecords()) {
                    break;
                }
            }
            if (!handed.isEmpty()) {
                idleSince = System.nanoTime();
                if (request.group() != null) {
                    consumer.commitSync(handed, timeout);
                }
            } else if (request.idleTimeout() != null
                    && System.nanoTime() - idleSince >= request.idleTimeout().toNanos()) {
                break;
            }
        }
        return count;
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, ReadRequest request) {
        List<PartitionInfo> infos = consumer.partitionsFor(request.topic(), timeout);
        if (infos == null || infos.isEmpty()) {
            throw new UnknownTopicOrPartitionException("topic '" + request.topic() + "' does not exist");
        }
        if (request.partition() != null) {
            if (request.partition() < 0 || request.partition() >= infos.size()) {
                throw new UnknownTopicOrPartitionException("partition " + request.partition() + " of topic '"
                        + request.topic() + "' does not exist (it has " + infos.size() + ")");
            }
            return List.of(new TopicPartition(request.topic(), request.partition()));
        }
        List<TopicPartition> all = new ArrayList<>();
        infos.forEach(info -> all.add(new TopicPartition(info.topic(), info.partition())));
        return all;
    }

    private void seek(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
                      StartPosition start) {
        if (partitions.isEmpty()) {
            return;
        }
        if (start instanceof StartPosition.Beginning) {
            consumer.seekToBeginning(partitions);
        } else if (start instanceof StartPosition.End) {
            consumer.seekToEnd(partitions);
        } else if (start instanceof StartPosition.Offset o) {
            // beyond the log: the consumer's auto.offset.reset (latest) applies, as in Kafka's console consumer
            partitions.forEach(tp -> consumer.seek(tp, o.offset()));
        } else if (start instanceof StartPosition.Time t) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, t.at().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
            List<TopicPartition> none = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = found.get(tp);
                if (at == null) {
                    none.add(tp);
                } else {
                    consumer.seek(tp, at.offset());
                }
            }
            if (!none.isEmpty()) {
                consumer.seekToEnd(none);
            }
        }
        // Committed: the consumer starts from the committed offset, or auto.offset.reset
    }

    private static ConsumedRecord consumed(ConsumerRecord<byte[], byte[]> record) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header h : record.headers()) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(h.key(), text(h.value())));
        }
        return new ConsumedRecord(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.timestampType().name,
                text(record.key()), text(record.value()), headers);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** In a group, moves each newly assigned partition to the start position once. */
    private final class Seeker implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final StartPosition start;
        private final Set<TopicPartition> placed = new HashSet<>();

        Seeker(KafkaConsumer<byte[], byte[]> consumer, StartPosition start) {
            this.consumer = consumer;
            this.start = start;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> fresh = partitions.stream().filter(placed::add).toList();
            seek(consumer, fresh, start);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed after every batch; nothing is pending here
        }
    }
}
