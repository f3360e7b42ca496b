package io.lanes.conformance.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lanes.conformance.harness.KafkaTools;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-topics.sh} ({@code org.apache.kafka.tools.TopicCommand}) against the target broker. */
class KafkaTopicsToolTest {

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private static KafkaTools tools;

    @BeforeAll
    static void startBroker() {
        broker = TargetBrokers.start(workDir.resolve("broker"));
        tools = new KafkaTools(workDir.resolve("tools"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCreateTopicWithPartitionsAndConfigsWhenKafkaTopicsCreates() throws Exception {
        // given
        String topic = "orders-created";

        // when
        ProcessResult created = topics("--create", "--topic", topic, "--partitions", "3",
                "--replication-factor", "1", "--config", "retention.ms=3600000", "--config", "cleanup.policy=compact");
        ProcessResult described = topics("--describe", "--topic", topic);

        // then
        assertThat(created.exitCode()).as(created.describe()).isZero();
        assertThat(created.stdout()).contains("Created topic " + topic + ".");
        assertThat(described.exitCode()).as(described.describe()).isZero();
        String header = described.stdout().lines().filter(l -> l.startsWith("Topic: " + topic + "\t")).findFirst()
                .orElseThrow(() -> new AssertionError(described.describe()));
        assertThat(header).contains("PartitionCount: 3", "ReplicationFactor: 1",
                "cleanup.policy=compact", "retention.ms=3600000");
        for (int partition = 0; partition < 3; partition++) {
            assertThat(described.stdout()).as(described.describe())
                    .containsPattern("Partition: " + partition + "\tLeader: (\\d+)\tReplicas: \\1\tIsr: \\1");
        }
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldListEveryTopicWhenKafkaTopicsLists() {
        // given
        Topics.create(broker.bootstrapServers(), "listed-one", 1);
        Topics.create(broker.bootstrapServers(), "listed-two", 2);

        // when
        ProcessResult listed = topics("--list");

        // then
        assertThat(listed.exitCode()).as(listed.describe()).isZero();
        assertThat(listed.stdout().lines()).contains("listed-one", "listed-two");
    }

    @Test
    void shouldAddPartitionsWhenKafkaTopicsAlters() throws Exception {
        // given
        String topic = "orders-grown";
        Topics.create(broker.bootstrapServers(), topic, 2);

        // when
        ProcessResult altered = topics("--alter", "--topic", topic, "--partitions", "5");
        ProcessResult described = topics("--describe", "--topic", topic);

        // then
        assertThat(altered.exitCode()).as(altered.describe()).isZero();
        assertThat(described.stdout()).as(described.describe()).contains("PartitionCount: 5");
        assertThat(described.stdout()).contains("Partition: 4\t");
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            assertThat(description.partitions()).hasSize(5);
        }
    }

    @Test
    void shouldRefuseToShrinkPartitionsWhenKafkaTopicsAltersToFewer() {
        // given
        String topic = "orders-not-shrunk";
        Topics.create(broker.bootstrapServers(), topic, 3);

        // when
        ProcessResult altered = topics("--alter", "--topic", topic, "--partitions", "2");

        // then
        assertThat(altered.exitCode()).as(altered.describe()).isNotZero();
        assertThat(altered.stdout() + altered.stderr()).contains("InvalidPartitionsException");
        assertThat(topics("--describe", "--topic", topic).stdout()).contains("PartitionCount: 3");
    }

    @Test
    void shouldFailWithTopicExistsWhenKafkaTopicsCreatesExistingTopic() {
        // given
        String topic = "orders-twice";
        Topics.create(broker.bootstrapServers(), topic, 1);

        // when
        ProcessResult again = topics("--create", "--topic", topic, "--partitions", "1");
        ProcessResult ifNotExists = topics("--create", "--if-not-exists", "--topic", topic, "--partitions", "1");

        // then
        assertThat(again.exitCode()).as(again.describe()).isNotZero();
        assertThat(again.stdout() + again.stderr()).contains("TopicExistsException");
        assertThat(ifNotExists.exitCode()).as(ifNotExists.describe()).isZero();
    }

    @Test
    void shouldRemoveTopicWhenKafkaTopicsDeletes() throws Exception {
        // given
        String topic = "orders-deleted";
        Topics.create(broker.bootstrapServers(), topic, 2);

        // when
        ProcessResult deleted = topics("--delete", "--topic", topic);

        // then
        assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (Topics.list(broker.bootstrapServers()).contains(topic) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(topics("--list").stdout().lines()).doesNotContain(topic);
        ProcessResult describeDeleted = topics("--describe", "--topic", topic);
        assertThat(describeDeleted.exitCode()).as(describeDeleted.describe()).isNotZero();
        assertThat(describeDeleted.stdout() + describeDeleted.stderr()).contains("does not exist");
    }

    private ProcessResult topics(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--bootstrap-server";
        full[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, full, 2, args.length);
        return tools.run(KafkaTools.TOPICS, full);
    }
}
