package io.lanes.broker.handlers.group;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admin's group APIs and Kafka's consumer-groups tool against Lanes. */
class GroupAdminTest {
    @TempDir
    Path dataDir;

    private LanesBroker broker;
    private Admin admin;
    private KafkaConsumer<String, String> consumer;

    @BeforeEach
    void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "offsets.topic.num.partitions", "3",
                "group.initial.rebalance.delay.ms", "0")));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("events", 2, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("events", i % 2, "k", "v" + i));
            }
        }
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.close();
        }
        admin.close();
        broker.close();
    }

    /** A consumer of "tool-group" that has read and committed 7 records of partition 0 and 10 of partition 1. */
    private void activeConsumer() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "tool-group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        consumer.subscribe(List.of("events"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (consumer.assignment().size() < 2 && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.commitSync(Map.of(new TopicPartition("events", 0), new OffsetAndMetadata(7),
                new TopicPartition("events", 1), new OffsetAndMetadata(10)));
    }

    private static String tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("consumer-groups exited with " + code + ": " + message);
        });
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            ConsumerGroupCommand.main(args);
        } finally {
            System.setOut(original);
            Exit.resetExitProcedure();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldDescribeGroupWithOffsetsAndLagWhenToolDescribes() {
        // given
        activeConsumer();

        // when
        String output = tool("--bootstrap-server", broker.bootstrapServers(), "--describe", "--group", "tool-group");

        // then
        assertThat(output).contains("CURRENT-OFFSET", "LOG-END-OFFSET", "LAG");
        assertThat(output.lines().filter(l -> l.contains("events")).toList()).hasSize(2)
                .anySatisfy(l -> assertThat(l.split("\\s+")).containsSubsequence("events", "0", "7", "10", "3"))
                .anySatisfy(l -> assertThat(l.split("\\s+")).containsSubsequence("events", "1", "10", "10", "0"));
    }

    @Test
    void shouldResetOffsetsWhenToolExecutesOnEmptyGroup() throws Exception {
        // given
        activeConsumer();
        consumer.close();
        consumer = null;

        // when
        tool("--bootstrap-server", broker.bootstrapServers(), "--reset-offsets", "--group", "tool-group",
                "--topic", "events", "--to-earliest", "--execute");
        Map<TopicPartition, OffsetAndMetadata> earliest = admin.listConsumerGroupOffsets("tool-group")
                .partitionsToOffsetAndMetadata().get();
        tool("--bootstrap-server", broker.bootstrapServers(), "--reset-offsets", "--group", "tool-group",
                "--topic", "events", "--shift-by", "4", "--execute");
        Map<TopicPartition, OffsetAndMetadata> shifted = admin.listConsumerGroupOffsets("tool-group")
                .partitionsToOffsetAndMetadata().get();

        // then
        assertThat(earliest.values()).extracting(OffsetAndMetadata::offset).containsOnly(0L);
        assertThat(shifted.values()).extracting(OffsetAndMetadata::offset).containsOnly(4L);
    }

    @Test
    void shouldListDescribeAlterAndDeleteGroupsWhenAdminAsks() throws Exception {
        // given
        activeConsumer();

        // when
        var listed = admin.listGroups().all().get();
        ConsumerGroupDescription described = admin.describeConsumerGroups(List.of("tool-group"))
                .describedGroups().get("tool-group").get();

        // then
        assertThat(listed).extracting(GroupListing::groupId).contains("tool-group");
        assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
        assertThat(described.members()).hasSize(1);
        assertThat(described.members().iterator().next().assignment().topicPartitions()).hasSize(2);
        assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("tool-group")).all().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupNotEmptyException.class);

        // when the consumer is gone
        consumer.close();
        consumer = null;
        admin.alterConsumerGroupOffsets("tool-group", Map.of(new TopicPartition("events", 0),
                new OffsetAndMetadata(2))).all().get();
        admin.deleteConsumerGroupOffsets("tool-group", Set.of(new TopicPartition("events", 1))).all().get();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("tool-group")
                .partitionsToOffsetAndMetadata().get();

        // then
        assertThat(offsets).containsOnlyKeys(new TopicPartition("events", 0));
        assertThat(offsets.get(new TopicPartition("events", 0)).offset()).isEqualTo(2);
        admin.deleteConsumerGroups(List.of("tool-group")).all().get();
        assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).doesNotContain("tool-group");
    }
}
