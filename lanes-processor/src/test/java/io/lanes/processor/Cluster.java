package io.lanes.processor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Plain-client helpers for the scenarios: topics, producing, reading topics back, committed offsets. */
final class Cluster implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String bootstrapServers;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;

    Cluster(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "linger.ms", 5),
                new StringSerializer(), new StringSerializer());
    }

    /** A fresh name, so scenarios sharing one broker never share a topic or a group. */
    static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xFFFFFF);
    }

    String createTopic(String prefix, int partitions) throws Exception {
        String topic = unique(prefix);
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
        return topic;
    }

    Admin admin() {
        return admin;
    }

    void send(String topic, int partition, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
    }

    void send(String topic, int partition, String key, String value, String headerName, String headerValue) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, partition, key, value);
        record.headers().add(headerName, headerValue.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    void createTopicNamed(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
    }

    void sendAsync(String topic, Integer partition, String key, String value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    void flush() {
        producer.flush();
    }

    Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("group.id", groupId);
        config.put("auto.offset.reset", "earliest");
        config.put("key.deserializer", StringDeserializer.class);
        config.put("value.deserializer", StringDeserializer.class);
        return config;
    }

    /** Every record of a topic, read with a group-less consumer until {@code expected} arrived or the timeout passed. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        // Never auto-create the topic by asking for it: the processor must create it, with the right partition count.
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "auto.offset.reset", "earliest",
                "allow.auto.create.topics", false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                consumer.partitionsFor(topic, Duration.ofSeconds(5)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                if (partitions.isEmpty()) {
                    sleep(50);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Every record of a topic up to its end as a consumer with this isolation level sees it (for
     * {@code read_committed} the end is the last stable offset), read with a group-less consumer.
     */
    List<ConsumerRecord<String, String>> readToEnd(String topic, String isolationLevel, Duration timeout) throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "isolation.level", isolationLevel,
                "allow.auto.create.topics", false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < partitionCount(topic); p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + " to " + end + " (" + isolationLevel + ")");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    /** The end offset of every partition of a topic. */
    Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitionCount(topic); p++) {
            request.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** Whether the group's committed offsets reached the end of every partition of the topic. */
    boolean committedToEnd(String groupId, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(groupId);
        for (Map.Entry<TopicPartition, Long> end : endOffsets(topic).entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            if (end.getValue() > 0 && (offset == null || offset.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    Map<TopicPartition, OffsetAndMetadata> committed(String groupId) throws Exception {
        return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    }

    int partitionCount(String topic) throws Exception {
        return admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }

}
