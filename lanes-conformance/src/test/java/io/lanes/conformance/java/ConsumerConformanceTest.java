package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.consumer;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.failureOf;
import static io.lanes.conformance.java.Clients.pollAtLeast;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Java consumer without a group: assign, seek, out-of-range resets, long-poll
 * fetches.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsumerConformanceTest {

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.create();

    @Test
    void shouldReadFromSeekedOffsetWhenSeekingIntoPartition() throws Exception {
        // given
        TopicPartition partition = topicWithRecords("seek", 10);

        // when
        List<ConsumerRecord<String, String>> records;
        try (KafkaConsumer<String, String> consumer = consumer(broker)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 6);
            records = pollAtLeast(consumer, 4, Duration.ofSeconds(15));
        }

        // then
        assertThat(records).extracting(ConsumerRecord::offset).containsExactly(6L, 7L, 8L, 9L);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("v6", "v7", "v8", "v9");
    }

    @Test
    void shouldPositionAtLogStartAndEndWhenSeekingToBeginningAndEnd() throws Exception {
        // given
        TopicPartition partition = topicWithRecords("begin-end", 7);

        // when
        long beginning;
        long end;
        try (KafkaConsumer<String, String> consumer = consumer(broker)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            beginning = consumer.position(partition);
            consumer.seekToEnd(List.of(partition));
            end = consumer.position(partition);
        }

        // then
        assertThat(beginning).isZero();
        assertThat(end).isEqualTo(7);
    }

    @Test
    void shouldReadFromEarliestWhenFetchOffsetOutOfRangeAndResetIsEarliest() throws Exception {
        // given
        TopicPartition partition = topicWithRecords("reset-earliest", 5);

        // when
        List<ConsumerRecord<String, String>> records;
        try (KafkaConsumer<String, String> consumer = consumer(broker, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 1_000);
            records = pollAtLeast(consumer, 5, Duration.ofSeconds(15));
        }

        // then
        assertThat(records).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void shouldJumpToEndWhenFetchOffsetOutOfRangeAndResetIsLatest() throws Exception {
        // given
        TopicPartition partition = topicWithRecords("reset-latest", 5);

        // when
        List<ConsumerRecord<String, String>> records;
        try (KafkaConsumer<String, String> consumer = consumer(broker, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
             KafkaProducer<String, String> producer = producer(broker)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 1_000);
            awaitPosition(consumer, partition, 5);
            producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "k", "after-reset")).get();
            records = pollAtLeast(consumer, 1, Duration.ofSeconds(15));
        }

        // then
        assertThat(records).extracting(ConsumerRecord::offset).containsExactly(5L);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("after-reset");
    }

    @Test
    void shouldThrowOffsetOutOfRangeWhenFetchOffsetOutOfRangeAndResetIsNone() throws Exception {
        // given
        TopicPartition partition = topicWithRecords("reset-none", 5);

        // when
        Throwable failure;
        try (KafkaConsumer<String, String> consumer = consumer(broker, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none")) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 1_000);
            failure = failureOf(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(100));
                }
            });
        }

        // then
        assertThat(failure).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(((OffsetOutOfRangeException) failure).offsetOutOfRangePartitions()).containsEntry(partition, 1_000L);
    }

    @Test
    void shouldResetToLogStartWhenSeekingBelowDeletedRecords() throws Exception {
        // given
        TopicPartition partition = topicWithRecords("below-start", 10);
        try (Admin admin = admin(broker)) {
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(4))).all().get();
        }

        // when
        List<ConsumerRecord<String, String>> records;
        try (KafkaConsumer<String, String> consumer = consumer(broker, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 1);
            records = pollAtLeast(consumer, 6, Duration.ofSeconds(15));
        }

        // then
        assertThat(records).extracting(ConsumerRecord::offset).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void shouldReturnRecordLargerThanFetchLimitsWhenItIsFirstInPartition() throws Exception {
        // given
        String topic = topicName("large-record");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = admin(broker);
             KafkaProducer<String, String> producer = producer(broker)) {
            createTopic(admin, topic, 1);
            producer.send(new ProducerRecord<>(topic, 0, "big", "x".repeat(100_000))).get();
        }

        // when
        List<ConsumerRecord<String, String>> records;
        try (KafkaConsumer<String, String> consumer = consumer(broker,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024)) {
            consumer.assign(List.of(partition));
            records = pollAtLeast(consumer, 1, Duration.ofSeconds(15));
        }

        // then
        assertThat(records).singleElement().satisfies(r -> assertThat(r.value()).hasSize(100_000));
    }

    @Test
    void shouldWaitForFetchMaxWaitWhenFetchMinBytesIsNotReached() throws Exception {
        // given
        TopicPartition partition = topicWithRecords("min-bytes", 1);

        // when
        long started;
        long elapsedMillis;
        ConsumerRecords<String, String> records;
        try (KafkaConsumer<String, String> consumer = consumer(broker,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1_000_000, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1_500)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.position(partition);
            started = System.nanoTime();
            records = consumer.poll(Duration.ofSeconds(10));
            elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }

        // then
        assertThat(records.count()).isEqualTo(1);
        assertThat(elapsedMillis).as("poll time in ms").isBetween(1_200L, 8_000L);
    }

    @Test
    void shouldWakeWaitingFetchWhenRecordIsProduced() throws Exception {
        // given
        TopicPartition partition = topicWithRecords("wake-up", 0);
        try (KafkaConsumer<String, String> consumer = consumer(broker,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20_000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 40_000);
             KafkaProducer<String, String> producer = producer(broker)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.position(partition);
            consumer.poll(Duration.ofMillis(300)); // the fetch is now parked on the broker

            // when
            long started = System.nanoTime();
            CompletableFuture<ConsumerRecords<String, String>> polled =
                    CompletableFuture.supplyAsync(() -> consumer.poll(Duration.ofSeconds(15)));
            Thread.sleep(500);
            producer.send(new ProducerRecord<>(partition.topic(), 0, "k", "wake")).get();
            ConsumerRecords<String, String> records = polled.get(20, TimeUnit.SECONDS);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            // then
            assertThat(records.records(partition)).extracting(ConsumerRecord::value).containsExactly("wake");
            assertThat(elapsedMillis).as("poll time in ms, far below fetch.max.wait.ms").isLessThan(5_000L);
        }
    }

    private static TopicPartition topicWithRecords(String hint, int count) throws Exception {
        String topic = topicName(hint);
        try (Admin admin = admin(broker);
             KafkaProducer<String, String> producer = producer(broker)) {
            createTopic(admin, topic, 1);
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i));
            }
            producer.flush();
        }
        return new TopicPartition(topic, 0);
    }

    private static void awaitPosition(KafkaConsumer<String, String> consumer, TopicPartition partition, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (consumer.position(partition) != expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        assertThat(consumer.position(partition)).isEqualTo(expected);
    }
}
