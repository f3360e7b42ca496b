package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.readAll;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/** A clean restart on the same data directory keeps topics, records, offsets and configs. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RestartConformanceTest {

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.create();

    @Test
    void shouldKeepTopicsRecordsOffsetsAndConfigsWhenRestarted() throws Exception {
        // given
        String topic = topicName("durable");
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));
        Uuid topicId;
        try (Admin admin = admin(broker);
             KafkaProducer<String, String> producer = producer(broker, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")) {
            createTopic(admin, topic, 3, Map.of("retention.ms", "86400000"));
            topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + (i % 17), "value-" + i));
            }
            producer.flush();
            admin.deleteRecords(Map.of(partitions.get(0), RecordsToDelete.beforeOffset(5))).all().get();
        }
        List<ConsumerRecord<String, String>> before = readAll(broker, partitions);
        Map<TopicPartition, Long> earliestBefore = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> latestBefore = offsets(partitions, OffsetSpec.latest());

        // when
        broker.restart();

        // then
        assertThat(offsets(partitions, OffsetSpec.earliest())).isEqualTo(earliestBefore);
        assertThat(offsets(partitions, OffsetSpec.latest())).isEqualTo(latestBefore);
        assertThat(earliestBefore.get(partitions.get(0))).isEqualTo(5);
        assertThat(summary(readAll(broker, partitions))).isEqualTo(summary(before));
        try (Admin admin = admin(broker)) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId()).isEqualTo(topicId);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("86400000");
        }
    }

    @Test
    void shouldContinueOffsetsWhenProducingAfterRestart() throws Exception {
        // given
        String topic = topicName("continued");
        try (Admin admin = admin(broker);
             KafkaProducer<String, String> producer = producer(broker)) {
            createTopic(admin, topic, 1);
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "before-" + i));
            }
            producer.flush();
        }

        // when
        broker.restart();
        RecordMetadata after;
        try (KafkaProducer<String, String> producer = producer(broker)) {
            after = producer.send(new ProducerRecord<>(topic, 0, "k", "after")).get();
        }

        // then
        assertThat(after.offset()).isEqualTo(10);
        assertThat(readAll(broker, topic, 1)).extracting(ConsumerRecord::value).last().isEqualTo("after");
    }

    @Test
    void shouldAcceptSendsFromExistingIdempotentProducerWhenBrokerRestarted() throws Exception {
        // given
        String topic = topicName("same-producer");
        List<Long> offsets = new ArrayList<>();
        try (Admin admin = admin(broker);
             KafkaProducer<String, String> producer = producer(broker, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                     ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000)) {
            createTopic(admin, topic, 1);
            for (int i = 0; i < 5; i++) {
                offsets.add(producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get().offset());
            }

            // when
            broker.restart();
            for (int i = 5; i < 10; i++) {
                offsets.add(producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get().offset());
            }
        }

        // then
        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(readAll(broker, topic, 1)).extracting(ConsumerRecord::value)
                .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        try (Admin admin = admin(broker)) {
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                    .all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static List<String> summary(List<ConsumerRecord<String, String>> records) {
        return records.stream()
                .map(r -> r.partition() + "@" + r.offset() + ":" + r.key() + "=" + r.value() + "/" + r.timestamp())
                .toList();
    }
}
