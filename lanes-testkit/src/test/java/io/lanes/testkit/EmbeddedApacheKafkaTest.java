package io.lanes.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedApacheKafkaTest {

    @RegisterExtension
    static ApacheKafkaExtension kafka = ApacheKafkaExtension.builder().brokerConfig("num.partitions", "2").build();

    @Test
    void shouldRoundTripRecordWhenStartedByExtension(EmbeddedApacheKafka node) throws Exception {
        // given
        String topic = "round-trip";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(2);
        }

        // when
        RecordMetadata metadata;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            metadata = producer.send(new ProducerRecord<>(topic, 1, "k", "v")).get();
        }

        // then
        assertThat(metadata.offset()).isZero();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 1)));
            long deadline = System.currentTimeMillis() + 15_000;
            while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("k");
            assertThat(r.value()).isEqualTo("v");
        });
    }

    @Test
    void shouldRunInChildProcessWhenStarted(EmbeddedApacheKafka node) {
        // given a node started by the extension

        // when
        Optional<ProcessHandle> child = ProcessHandle.of(node.pid());

        // then
        assertThat(node.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(child).hasValueSatisfying(handle -> assertThat(handle.isAlive()).isTrue());
        assertThat(node.bootstrapServers()).isEqualTo("127.0.0.1:" + node.port());
    }

    @Test
    void shouldKillProcessAndDeleteDirectoryWhenClosed() throws Exception {
        // given
        EmbeddedApacheKafka node = EmbeddedApacheKafka.builder().maxHeap("256m").start();
        Path directory = node.directory();
        ProcessHandle handle = ProcessHandle.of(node.pid()).orElseThrow();

        // when
        node.close();

        // then
        assertThat(handle.isAlive()).isFalse();
        assertThat(Files.exists(directory)).isFalse();
    }
}
