package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.eventually;
import static io.lanes.conformance.java.Clients.failureOf;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/** Admin topic operations: create, validate-only, delete, add partitions, describe, cluster. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminTopicsConformanceTest {

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.create();

    @Test
    void shouldCreateTopicWithPartitionsAndConfigsWhenRequested() throws Exception {
        // given
        String topic = topicName("created");
        NewTopic request = new NewTopic(topic, Optional.of(3), Optional.empty())
                .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "compact"));

        try (Admin admin = admin(broker)) {
            // when
            CreateTopicsResult result = admin.createTopics(List.of(request));

            // then
            assertThat(result.numPartitions(topic).get()).isEqualTo(3);
            assertThat(result.replicationFactor(topic).get()).isEqualTo(1);
            assertThat(result.topicId(topic).get()).isNotEqualTo(Uuid.ZERO_UUID);
            Config returned = result.config(topic).get();
            assertThat(returned.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(returned.get("cleanup.policy").value()).isEqualTo("compact");
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(3);
            assertThat(description.isInternal()).isFalse();
            assertThat(admin.listTopics().names().get()).contains(topic);
        }
    }

    @Test
    void shouldNotCreateTopicWhenValidateOnly() throws Exception {
        // given
        String topic = topicName("validate-only");

        try (Admin admin = admin(broker)) {
            // when
            CreateTopicsResult result = admin.createTopics(
                    List.of(new NewTopic(topic, Optional.of(2), Optional.empty())),
                    new CreateTopicsOptions().validateOnly(true));
            result.all().get();

            // then
            assertThat(result.numPartitions(topic).get()).isEqualTo(2);
            assertThat(admin.listTopics().names().get()).doesNotContain(topic);
            assertThat(failureOf(() -> admin.describeTopics(List.of(topic)).allTopicNames().get()))
                    .isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void shouldUseBrokerDefaultPartitionsWhenCreatingWithoutCount() throws Exception {
        // given
        String topic = topicName("default-count");

        try (Admin admin = admin(broker)) {
            // when
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();

            // then
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
        }
    }

    @Test
    void shouldFailWithTopicExistsWhenCreatingTopicTwice() throws Exception {
        // given
        String topic = topicName("twice");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);

            // when
            Throwable failure = failureOf(() -> createTopic(admin, topic, 1));

            // then
            assertThat(failure).isInstanceOf(TopicExistsException.class);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {".", "..", "has space", "slash/name", "star*", "ünïcode"})
    void shouldFailWithInvalidTopicWhenCreatingIllegalName(String name) throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> createTopic(admin, name, 1));

            // then
            assertThat(failure).isInstanceOf(InvalidTopicException.class);
        }
    }

    @Test
    void shouldFailWithInvalidTopicWhenNameLongerThan249Characters() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> createTopic(admin, "t".repeat(250), 1));

            // then
            assertThat(failure).isInstanceOf(InvalidTopicException.class);
        }
    }

    @Test
    void shouldCreateTopicWhenNameIsExactly249Characters() throws Exception {
        // given
        String name = "t".repeat(240) + String.format("%09d", System.nanoTime() % 1_000_000_000L);

        try (Admin admin = admin(broker)) {
            // when
            createTopic(admin, name, 1);

            // then
            assertThat(admin.listTopics().names().get()).contains(name);
        }
    }

    @ParameterizedTest(name = "partitions={0}")
    @ValueSource(ints = {0, -2})
    void shouldFailWithInvalidPartitionsWhenCreatingWithNonPositiveCount(int partitions) throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> admin.createTopics(List.of(
                    new NewTopic(topicName("bad-count"), Optional.of(partitions), Optional.empty()))).all().get());

            // then
            assertThat(failure).isInstanceOf(InvalidPartitionsException.class);
        }
    }

    @Test
    void shouldFailWithPolicyViolationWhenCreatingTooManyPartitionsInOneRequest() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> admin.createTopics(List.of(
                    new NewTopic(topicName("huge"), Optional.of(100_000), Optional.empty()))).all().get());

            // then: Apache Kafka's controller refuses more than 10,000 new partitions per request
            assertThat(failure).isInstanceOf(PolicyViolationException.class);
        }
    }

    @Test
    void shouldFailWithInvalidReplicationFactorWhenAskingForMoreReplicasThanBrokers() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> admin.createTopics(List.of(
                    new NewTopic(topicName("replicated"), Optional.of(1), Optional.of((short) 3)))).all().get());

            // then
            assertThat(failure).isInstanceOf(InvalidReplicationFactorException.class);
        }
    }

    @Test
    void shouldRemoveTopicWhenDeleted() throws Exception {
        // given
        String topic = topicName("deleted");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 2);

            // when
            admin.deleteTopics(List.of(topic)).all().get();

            // then: Apache Kafka applies the deletion through its metadata log, a moment later
            assertThat(eventually(() -> admin.listTopics().names().get(), names -> !names.contains(topic)))
                    .doesNotContain(topic);
            assertThat(failureOf(() -> admin.describeTopics(List.of(topic)).allTopicNames().get()))
                    .isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void shouldFailWithUnknownTopicWhenDeletingTopicThatDoesNotExist() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> admin.deleteTopics(List.of(topicName("never-created"))).all().get());

            // then
            assertThat(failure).isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void shouldRecreateEmptyTopicWhenDeletedAndCreatedAgain() throws Exception {
        // given
        String topic = topicName("recreated");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);
            Uuid firstId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
            admin.deleteTopics(List.of(topic)).all().get();

            // when
            createTopic(admin, topic, 3);

            // then
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(3);
            assertThat(description.topicId()).isNotEqualTo(firstId);
        }
    }

    @Test
    void shouldAddPartitionsWhenIncreasingCount() throws Exception {
        // given
        String topic = topicName("grow");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);

            // when
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all().get();

            // then
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
                    .extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2, 3);
        }
    }

    @ParameterizedTest(name = "from 3 to {0}")
    @ValueSource(ints = {3, 2})
    void shouldFailWithInvalidPartitionsWhenNotIncreasingCount(int newCount) throws Exception {
        // given
        String topic = topicName("shrink");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 3);

            // when
            Throwable failure = failureOf(() -> admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(newCount)))
                    .all().get());

            // then
            assertThat(failure).isInstanceOf(InvalidPartitionsException.class);
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
        }
    }

    @Test
    void shouldFailWithUnknownTopicWhenAddingPartitionsToMissingTopic() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> admin.createPartitions(
                    Map.of(topicName("missing"), NewPartitions.increaseTo(2))).all().get());

            // then
            assertThat(failure).isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void shouldDescribeSingleReplicaLedByTheNodeWhenDescribingTopic() throws Exception {
        // given
        String topic = topicName("described");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 2);
            Node node = admin.describeCluster().nodes().get().iterator().next();

            // when
            TopicDescription byName = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            TopicDescription byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(byName.topicId())))
                    .allTopicIds().get().get(byName.topicId());

            // then
            assertThat(byName.name()).isEqualTo(topic);
            assertThat(byName.topicId()).isNotEqualTo(Uuid.ZERO_UUID);
            assertThat(byName.partitions()).allSatisfy(p -> {
                assertThat(p.leader()).isEqualTo(node);
                assertThat(p.replicas()).containsExactly(node);
                assertThat(p.isr()).containsExactly(node);
            });
            assertThat(byId.name()).isEqualTo(topic);
            assertThat(byId.partitions()).hasSize(2);
        }
    }

    @Test
    void shouldFailWithUnknownTopicWhenDescribingMissingTopic() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> admin.describeTopics(List.of(topicName("nope"))).allTopicNames().get());

            // then
            assertThat(failure).isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void shouldDescribeOneNodeAtBootstrapAddressWhenDescribingCluster() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            DescribeClusterResult cluster = admin.describeCluster();
            Collection<Node> nodes = cluster.nodes().get();

            // then
            assertThat(nodes).singleElement().satisfies(node ->
                    assertThat(node.host() + ":" + node.port()).isEqualTo(broker.bootstrapServers()));
            assertThat(cluster.controller().get()).isIn(nodes);
            assertThat(cluster.clusterId().get()).isNotBlank();
        }
    }
}
