package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.failureOf;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.readAll;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/** Metadata requests for unknown topics, with {@code auto.create.topics.enable} on and off. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TopicAutoCreationConformanceTest {

    @RegisterExtension
    static ConformanceBroker autoCreating = ConformanceBroker.builder()
            .brokerConfig("auto.create.topics.enable", "true")
            .brokerConfig("num.partitions", "3")
            .build();

    @RegisterExtension
    static ConformanceBroker notAutoCreating = ConformanceBroker.builder()
            .brokerConfig("auto.create.topics.enable", "false")
            .build();

    @Test
    void shouldCreateTopicWithDefaultPartitionsWhenProducingToUnknownTopicAndAutoCreateEnabled() throws Exception {
        // given
        String topic = topicName("auto-created");

        // when
        RecordMetadata metadata;
        try (KafkaProducer<String, String> producer = producer(autoCreating)) {
            metadata = producer.send(new ProducerRecord<>(topic, "k", "first")).get();
        }

        // then
        assertThat(metadata.offset()).isZero();
        try (Admin admin = admin(autoCreating)) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
        }
        assertThat(readAll(autoCreating, topic, 3)).extracting(ConsumerRecord::value).containsExactly("first");
    }

    @Test
    void shouldNotCreateTopicWhenAdminDescribesUnknownTopicAndAutoCreateEnabled() throws Exception {
        // given
        String topic = topicName("described-only");

        try (Admin admin = admin(autoCreating)) {
            // when
            Throwable failure = failureOf(() -> admin.describeTopics(List.of(topic)).allTopicNames().get());

            // then
            assertThat(failure).isInstanceOf(UnknownTopicOrPartitionException.class);
            assertThat(admin.listTopics().names().get()).doesNotContain(topic);
        }
    }

    @Test
    void shouldTimeOutWithoutCreatingTopicWhenProducingToUnknownTopicAndAutoCreateDisabled() throws Exception {
        // given
        String topic = topicName("not-auto-created");

        // when
        Throwable failure;
        try (KafkaProducer<String, String> producer = producer(notAutoCreating, ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000)) {
            failure = failureOf(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get());
        }

        // then
        assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("not present in metadata");
        try (Admin admin = admin(notAutoCreating)) {
            assertThat(admin.listTopics().names().get()).doesNotContain(topic);
        }
    }
}
