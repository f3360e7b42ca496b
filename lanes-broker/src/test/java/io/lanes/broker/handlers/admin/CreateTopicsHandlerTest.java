package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateTopicsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private CreateTopicsHandler handler;

    private void start(String... staticConfigs) {
        broker = AdminFixture.start(dataDir, staticConfigs);
        handler = new CreateTopicsHandler(broker.services);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static CreatableTopic topic(String name, int partitions, int replicationFactor, String... configs) {
        CreatableTopic topic = new CreatableTopic().setName(name).setNumPartitions(partitions)
                .setReplicationFactor((short) replicationFactor);
        for (int i = 0; i < configs.length; i += 2) {
            topic.configs().add(new CreatableTopicConfig().setName(configs[i]).setValue(configs[i + 1]));
        }
        return topic;
    }

    private CreateTopicsResponseData create(boolean validateOnly, CreatableTopic... topics) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setValidateOnly(validateOnly);
        for (CreatableTopic topic : topics) {
            request.topics().add(topic);
        }
        return AdminFixture.call(handler, ApiKeys.CREATE_TOPICS, request);
    }

    private static CreatableTopicConfigs config(CreatableTopicResult result, String name) {
        return result.configs().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldCreateTopicWithPartitionsAndConfigsWhenRequested() {
        // given
        start();

        // when
        CreatableTopicResult result = create(false, topic("orders", 3, 1, "retention.ms", "3600000"))
                .topics().find("orders");

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.errorMessage()).isNull();
        assertThat(result.numPartitions()).isEqualTo(3);
        assertThat(result.replicationFactor()).isEqualTo((short) 1);
        assertThat(result.topicId()).isEqualTo(broker.topics().topic("orders").orElseThrow().id());
        assertThat(config(result, "retention.ms").value()).isEqualTo("3600000");
        assertThat(config(result, "retention.ms").configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(config(result, "cleanup.policy").value()).isEqualTo("delete");
        assertThat(config(result, "cleanup.policy").configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(result.configs()).extracting(CreatableTopicConfigs::name).doesNotContain("internal.segment.bytes")
                .isSorted();
        assertThat(broker.topics().partition(new TopicPartition("orders", 2))).isPresent();
        assertThat(broker.log("orders", 0).config().retentionMs()).isEqualTo(3_600_000L);
    }

    @Test
    void shouldUseBrokerDefaultsWhenPartitionsAndReplicationFactorAreMinusOne() {
        // given
        start("num.partitions", "4");

        // when
        CreatableTopicResult result = create(false, topic("defaults", -1, -1)).topics().find("defaults");

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.numPartitions()).isEqualTo(4);
        assertThat(broker.topics().topic("defaults").orElseThrow().partitions()).isEqualTo(4);
    }

    @Test
    void shouldReportStaticBrokerSourceWhenServerPropertiesSetTheTopicDefault() {
        // given
        start("log.retention.hours", "24");

        // when
        CreatableTopicResult result = create(false, topic("static", 1, 1)).topics().find("static");

        // then: Kafka's controller resolves every synonym, converting hours to milliseconds
        assertThat(config(result, "retention.ms").value()).isEqualTo("86400000");
        assertThat(config(result, "retention.ms").configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
    }

    @Test
    void shouldCreateNothingWhenValidateOnly() {
        // given
        start();

        // when
        CreatableTopicResult result = create(true, topic("dry-run", 2, 1)).topics().find("dry-run");

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.numPartitions()).isEqualTo(2);
        assertThat(result.topicId()).isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(broker.topics().topic("dry-run")).isEmpty();
        assertThat(broker.topics().partition(new TopicPartition("dry-run", 0))).isEmpty();
    }

    @Test
    void shouldAnswerInvalidRequestForEveryCopyWhenNameIsGivenTwice() {
        // given
        start();

        // when
        CreateTopicsResponseData response = create(false, topic("twice", 1, 1), topic("twice", 2, 1), topic("once", 1, 1));

        // then
        assertThat(response.topics()).hasSize(2);
        CreatableTopicResult twice = response.topics().find("twice");
        assertThat(Errors.forCode(twice.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(twice.errorMessage()).isEqualTo("Duplicate topic name.");
        assertThat(Errors.forCode(response.topics().find("once").errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.topics().topic("twice")).isEmpty();
    }

    @Test
    void shouldAnswerTopicAlreadyExistsWhenTopicExists() {
        // given
        start();
        broker.createTopic("existing", 1, Map.of());

        // when
        CreatableTopicResult result = create(false, topic("existing", 1, 1)).topics().find("existing");

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(result.errorMessage()).isEqualTo("Topic 'existing' already exists.");
    }

    @Test
    void shouldAnswerInvalidTopicWhenNameIsIllegalOrCollides() {
        // given
        start();
        broker.createTopic("a.b", 1, Map.of());

        // when
        CreateTopicsResponseData response = create(false, topic("a_b", 1, 1), topic("bad name", 1, 1));

        // then
        CreatableTopicResult collision = response.topics().find("a_b");
        assertThat(Errors.forCode(collision.errorCode())).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(collision.errorMessage()).isEqualTo("Topic 'a_b' collides with existing topic: a.b");
        assertThat(Errors.forCode(response.topics().find("bad name").errorCode())).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void shouldAnswerInvalidReplicationFactorWhenMoreReplicasThanBrokers() {
        // given
        start();

        // when
        CreateTopicsResponseData response = create(false, topic("three", 1, 3), topic("zero", 1, 0));

        // then
        CreatableTopicResult three = response.topics().find("three");
        assertThat(Errors.forCode(three.errorCode())).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(three.errorMessage()).isEqualTo("Unable to replicate the partition 3 time(s): The target "
                + "replication factor of 3 cannot be reached because only 1 broker(s) are registered.");
        assertThat(Errors.forCode(response.topics().find("zero").errorCode())).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
    }

    @Test
    void shouldAnswerInvalidPartitionsWhenCountIsNotPositive() {
        // given
        start();

        // when
        CreatableTopicResult result = create(false, topic("none", 0, 1)).topics().find("none");

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(result.errorMessage()).isEqualTo("Number of partitions was set to an invalid non-positive value.");
    }

    @Test
    void shouldCreateOnePartitionPerAssignmentWhenEachAssignmentIsThisNode() {
        // given
        start();
        CreatableTopic topic = topic("manual", -1, -1);
        for (int p = 0; p < 3; p++) {
            topic.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(p).setBrokerIds(List.of(1)));
        }

        // when
        CreatableTopicResult result = create(false, topic).topics().find("manual");

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.topics().topic("manual").orElseThrow().partitions()).isEqualTo(3);
    }

    @Test
    void shouldAnswerInvalidReplicaAssignmentWhenAssignmentNamesAnotherBroker() {
        // given
        start();
        CreatableTopic other = topic("other", -1, -1);
        other.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(2)));
        CreatableTopic gap = topic("gap", -1, -1);
        gap.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(1).setBrokerIds(List.of(1)));
        CreatableTopic withCount = topic("with-count", 1, -1);
        withCount.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(1)));

        // when
        CreateTopicsResponseData response = create(false, other, gap, withCount);

        // then
        assertThat(response.topics().find("other").errorMessage())
                .isEqualTo("The manual partition assignment includes broker 2, but no such broker is registered.");
        assertThat(Errors.forCode(response.topics().find("other").errorCode())).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(Errors.forCode(response.topics().find("gap").errorCode())).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(Errors.forCode(response.topics().find("with-count").errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(broker.topics().registry().all()).isEmpty();
    }

    @Test
    void shouldAnswerInvalidConfigWhenConfigIsUnknownInvalidOrNull() {
        // given
        start();

        // when
        CreateTopicsResponseData response = create(false,
                topic("unknown", 1, 1, "retention.foo", "1"),
                topic("invalid", 1, 1, "cleanup.policy", "shred"),
                topic("null", 1, 1, "retention.ms", null),
                topic("tiered", 1, 1, "remote.storage.enable", "true"));

        // then
        assertThat(response.topics()).allSatisfy(r ->
                assertThat(Errors.forCode(r.errorCode())).as(r.name()).isEqualTo(Errors.INVALID_CONFIG));
        assertThat(response.topics().find("unknown").errorMessage()).isEqualTo("Unknown topic config name: retention.foo");
        assertThat(response.topics().find("invalid").errorMessage())
                .isEqualTo("Invalid value shred for configuration cleanup.policy: String must be one of: compact, delete");
        assertThat(response.topics().find("null").errorMessage()).isEqualTo("Null value not supported for topic configs: retention.ms");
        assertThat(broker.topics().registry().all()).isEmpty();
    }

    @Test
    void shouldFailWholeRequestWithPolicyViolationWhenItWouldCreateMoreThanTenThousandPartitions() {
        // given
        start("lanes.max.partitions", "100000");

        // when / then
        assertThatThrownBy(() -> create(false, topic("huge", 100_000, 1)))
                .isInstanceOf(PolicyViolationException.class);
        assertThat(broker.topics().registry().all()).isEmpty();
    }
}
