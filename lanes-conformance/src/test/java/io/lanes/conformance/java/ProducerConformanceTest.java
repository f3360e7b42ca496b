package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.failureOf;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.readAll;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/** The official Java producer: acks, idempotence, compression, partitioning, size limits. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProducerConformanceTest {

    /** Larger than any record of the other tests, small enough to exceed without a large heap. */
    private static final int BROKER_MESSAGE_MAX_BYTES = 200_000;

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.builder()
            .brokerConfig("message.max.bytes", String.valueOf(BROKER_MESSAGE_MAX_BYTES))
            .build();

    @Test
    void shouldAssignConsecutiveOffsetsWhenProducingWithDefaultIdempotentProducer() throws Exception {
        // given
        String topic = topicName("idempotent");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);
        }

        // when
        List<RecordMetadata> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(broker)) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)));
            }
            for (Future<RecordMetadata> future : futures) {
                acks.add(future.get());
            }
        }

        // then
        assertThat(acks).extracting(RecordMetadata::offset)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        assertThat(readAll(broker, topic, 1)).extracting(ConsumerRecord::value)
                .containsExactly(expectedValues(20).toArray(String[]::new));
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"all", "1", "-1"})
    void shouldReportOffsetsWhenProducingWithAcknowledgements(String acks) throws Exception {
        // given
        String topic = topicName("acks");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);
        }

        // when
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(broker,
                ProducerConfig.ACKS_CONFIG, acks, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")) {
            for (int i = 0; i < 5; i++) {
                offsets.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get().offset());
            }
        }

        // then
        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(readAll(broker, topic, 1)).extracting(ConsumerRecord::value)
                .containsExactly("v0", "v1", "v2", "v3", "v4");
    }

    @Test
    void shouldStoreRecordsWithoutReportingOffsetsWhenProducingWithAcksZero() throws Exception {
        // given
        String topic = topicName("acks0");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);
        }

        // when
        List<RecordMetadata> metadata = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(broker,
                ProducerConfig.ACKS_CONFIG, "0", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")) {
            for (int i = 0; i < 5; i++) {
                metadata.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get());
            }
            producer.flush();
        }

        // then
        assertThat(metadata).allSatisfy(m -> assertThat(m.hasOffset()).isFalse());
        assertThat(readAll(broker, topic, 1)).extracting(ConsumerRecord::value)
                .containsExactly("v0", "v1", "v2", "v3", "v4");
    }

    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void shouldRoundTripRecordsWhenProducingCompressedBatches(String compression) throws Exception {
        // given
        String topic = topicName("compressed-" + compression);
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);
        }
        long timestamp = 1_700_000_000_000L;

        // when
        try (KafkaProducer<String, String> producer = producer(broker,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression, ProducerConfig.LINGER_MS_CONFIG, 50)) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("n", String.valueOf(i).getBytes(StandardCharsets.UTF_8));
                futures.add(producer.send(new ProducerRecord<>(topic, 0, timestamp + i, "key-" + i,
                        "value-" + i + "-" + "x".repeat(i), headers)));
            }
            for (Future<RecordMetadata> future : futures) {
                future.get();
            }
        }

        // then
        List<ConsumerRecord<String, String>> records = readAll(broker, topic, 1);
        assertThat(records).hasSize(200);
        for (int i = 0; i < 200; i++) {
            ConsumerRecord<String, String> record = records.get(i);
            assertThat(record.offset()).isEqualTo(i);
            assertThat(record.key()).isEqualTo("key-" + i);
            assertThat(record.value()).isEqualTo("value-" + i + "-" + "x".repeat(i));
            assertThat(record.timestamp()).isEqualTo(timestamp + i);
            assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(new String(record.headers().lastHeader("n").value(), StandardCharsets.UTF_8))
                    .isEqualTo(String.valueOf(i));
        }
    }

    @Test
    void shouldRoundTripNullKeysAndValuesWhenProducing() throws Exception {
        // given
        String topic = topicName("nulls");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);
        }

        // when
        try (KafkaProducer<String, String> producer = producer(broker)) {
            producer.send(new ProducerRecord<>(topic, 0, null, "no-key")).get();
            producer.send(new ProducerRecord<>(topic, 0, "tombstone", null)).get();
            producer.send(new ProducerRecord<>(topic, 0, "", "")).get();
        }

        // then
        List<ConsumerRecord<String, String>> records = readAll(broker, topic, 1);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly(null, "tombstone", "");
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("no-key", null, "");
    }

    @Test
    void shouldPlaceKeyedRecordsInDefaultPartitionerPartitionAndKeepOrderWhenProducingManyKeys() throws Exception {
        // given
        String topic = topicName("keyed");
        int partitions = 4;
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, partitions);
        }
        List<ProducerRecord<String, String>> sent = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (int key = 0; key < 25; key++) {
                sent.add(new ProducerRecord<>(topic, "key-" + key, "key-" + key + "#" + round));
            }
        }

        // when
        Map<String, List<Integer>> partitionsByKey = new LinkedHashMap<>();
        try (KafkaProducer<String, String> producer = producer(broker, ProducerConfig.LINGER_MS_CONFIG, 5)) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (ProducerRecord<String, String> record : sent) {
                futures.add(producer.send(record));
            }
            for (int i = 0; i < sent.size(); i++) {
                partitionsByKey.computeIfAbsent(sent.get(i).key(), k -> new ArrayList<>()).add(futures.get(i).get().partition());
            }
        }

        // then
        partitionsByKey.forEach((key, used) -> assertThat(used)
                .as("partitions used for %s", key)
                .containsOnly(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions)));
        List<ConsumerRecord<String, String>> records = readAll(broker, topic, partitions);
        assertThat(records).hasSize(sent.size());
        Map<String, List<String>> valuesByKey = records.stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, LinkedHashMap::new, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        valuesByKey.forEach((key, values) -> {
            List<String> expected = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                expected.add(key + "#" + round);
            }
            assertThat(values).as("values of %s in partition order", key).containsExactlyElementsOf(expected);
        });
    }

    @Test
    void shouldFailWithRecordTooLargeWhenRecordExceedsTopicMaxMessageBytes() throws Exception {
        // given
        String topic = topicName("small-messages");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1, Map.of("max.message.bytes", "1024"));
        }

        // when
        Throwable failure;
        try (KafkaProducer<String, String> producer = producer(broker)) {
            failure = failureOf(() -> producer.send(new ProducerRecord<>(topic, "k", "x".repeat(4096))).get());
        }

        // then
        assertThat(failure).isInstanceOf(RecordTooLargeException.class);
        assertThat(readAll(broker, topic, 1)).isEmpty();
    }

    @Test
    void shouldFailWithRecordTooLargeWhenRecordExceedsBrokerMessageMaxBytes() throws Exception {
        // given
        String topic = topicName("broker-limit");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);
        }

        // when
        Throwable failure;
        try (KafkaProducer<String, String> producer = producer(broker)) {
            failure = failureOf(() -> producer.send(new ProducerRecord<>(topic, "k",
                    "x".repeat(BROKER_MESSAGE_MAX_BYTES + 10_000))).get());
        }

        // then
        assertThat(failure).isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void shouldAcceptRecordWhenJustUnderTopicMaxMessageBytes() throws Exception {
        // given
        String topic = topicName("fits");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1, Map.of("max.message.bytes", "2048"));
        }

        // when
        RecordMetadata metadata;
        try (KafkaProducer<String, String> producer = producer(broker)) {
            metadata = producer.send(new ProducerRecord<>(topic, "k", "x".repeat(1500))).get();
        }

        // then
        assertThat(metadata.offset()).isZero();
    }

    @Test
    void shouldFailWithInvalidTopicWhenProducingToIllegalTopicName() {
        // given
        String topic = "illegal name!";

        // when
        Throwable failure;
        try (KafkaProducer<String, String> producer = producer(broker)) {
            failure = failureOf(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get());
        }

        // then
        assertThat(failure).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void shouldTimeOutWhenProducingToPartitionThatDoesNotExist() throws Exception {
        // given
        String topic = topicName("two-partitions");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 2);
        }

        // when
        Throwable failure;
        try (KafkaProducer<String, String> producer = producer(broker, ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500)) {
            failure = failureOf(() -> producer.send(new ProducerRecord<>(topic, 5, "k", "v")).get());
        }

        // then
        assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("partition count 2");
    }

    private static List<String> expectedValues(int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add("v" + i);
        }
        return values;
    }
}
