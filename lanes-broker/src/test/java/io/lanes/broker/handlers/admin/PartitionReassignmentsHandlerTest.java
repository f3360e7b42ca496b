package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionReassignmentsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private AlterPartitionReassignmentsHandler alter;

    @BeforeEach
    void start() {
        broker = AdminFixture.start(dataDir);
        alter = new AlterPartitionReassignmentsHandler(broker.services);
        broker.createTopic("orders", 2, Map.of());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private ReassignablePartitionResponse reassign(String topic, int partition, List<Integer> replicas) {
        AlterPartitionReassignmentsRequestData request = new AlterPartitionReassignmentsRequestData();
        request.topics().add(new ReassignableTopic().setName(topic).setPartitions(List.of(
                new ReassignablePartition().setPartitionIndex(partition).setReplicas(replicas))));
        AlterPartitionReassignmentsResponseData response = AdminFixture.call(alter,
                ApiKeys.ALTER_PARTITION_REASSIGNMENTS, request);
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        return response.responses().get(0).partitions().get(0);
    }

    @Test
    void shouldSucceedWithoutChangeWhenReassignedToThisBroker() {
        // when
        ReassignablePartitionResponse result = reassign("orders", 1, List.of(AdminFixture.NODE_ID));

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.errorMessage()).isNull();
        assertThat(broker.topics().topic("orders").orElseThrow().partitions()).isEqualTo(2);
    }

    @Test
    void shouldRejectWithKafkasMessagesWhenReplicasAreNotThisBroker() {
        // when
        ReassignablePartitionResponse other = reassign("orders", 0, List.of(AdminFixture.NODE_ID, 2));
        ReassignablePartitionResponse twice = reassign("orders", 0, List.of(AdminFixture.NODE_ID, AdminFixture.NODE_ID));
        ReassignablePartitionResponse empty = reassign("orders", 0, List.of());

        // then
        assertThat(List.of(other, twice, empty)).extracting(r -> Errors.forCode(r.errorCode()))
                .containsOnly(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(other.errorMessage())
                .isEqualTo("The manual partition assignment includes broker 2, but no such broker is registered.");
        assertThat(twice.errorMessage())
                .isEqualTo("The manual partition assignment includes the broker 1 more than once.");
        assertThat(empty.errorMessage()).isEqualTo("The manual partition assignment includes an empty replica list.");
    }

    @Test
    void shouldAnswerNoReassignmentInProgressWhenCancelling() {
        // when
        ReassignablePartitionResponse result = reassign("orders", 0, null);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS);
        // Kafka's ApiError.fromThrowable drops a message equal to the error's default one
        assertThat(result.errorMessage()).isNull();
    }

    @Test
    void shouldAnswerUnknownTopicOrPartitionWhenMissing() {
        // when
        ReassignablePartitionResponse topic = reassign("nope", 0, List.of(AdminFixture.NODE_ID));
        ReassignablePartitionResponse partition = reassign("orders", 2, null);

        // then
        assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(topic.errorMessage()).isEqualTo("Unable to find a topic named nope.");
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(partition.errorMessage()).isEqualTo("Unable to find partition orders:2.");
    }

    @Test
    void shouldListNoReassignmentWhetherAllOrGivenOrUnknownTopicsAreAskedFor() {
        // given
        ListPartitionReassignmentsHandler list = new ListPartitionReassignmentsHandler();
        List<ListPartitionReassignmentsTopics> given = Arrays.asList(
                new ListPartitionReassignmentsTopics().setName("orders").setPartitionIndexes(List.of(0, 1)),
                new ListPartitionReassignmentsTopics().setName("nope").setPartitionIndexes(List.of(0)));

        // when
        ListPartitionReassignmentsResponseData all = AdminFixture.call(list, ApiKeys.LIST_PARTITION_REASSIGNMENTS,
                new ListPartitionReassignmentsRequestData().setTopics(null));
        ListPartitionReassignmentsResponseData some = AdminFixture.call(list, ApiKeys.LIST_PARTITION_REASSIGNMENTS,
                new ListPartitionReassignmentsRequestData().setTopics(given));

        // then
        assertThat(List.of(all, some)).allSatisfy(r -> {
            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
            assertThat(r.topics()).isEmpty();
        });
    }
}
