package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CreatePartitionsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private CreatePartitionsHandler handler;

    @BeforeEach
    void start() {
        broker = AdminFixture.start(dataDir);
        handler = new CreatePartitionsHandler(broker.services);
        broker.createTopic("t", 2, Map.of());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static CreatePartitionsTopic grow(String name, int count, Integer... assignedTo) {
        // Kafka's Admin client sends null, not an empty list, when no assignment is given.
        CreatePartitionsTopic topic = new CreatePartitionsTopic().setName(name).setCount(count).setAssignments(null);
        if (assignedTo.length > 0) {
            List<CreatePartitionsAssignment> assignments = new ArrayList<>();
            for (Integer broker : assignedTo) {
                assignments.add(new CreatePartitionsAssignment().setBrokerIds(List.of(broker)));
            }
            topic.setAssignments(assignments);
        }
        return topic;
    }

    private CreatePartitionsTopicResult single(boolean validateOnly, CreatePartitionsTopic topic) {
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setValidateOnly(validateOnly);
        request.topics().add(topic);
        CreatePartitionsResponseData response = AdminFixture.call(handler, ApiKeys.CREATE_PARTITIONS, request);
        assertThat(response.results()).hasSize(1);
        return response.results().get(0);
    }

    @Test
    void shouldAddPartitionsWhenCountIncreases() {
        // when
        CreatePartitionsTopicResult result = single(false, grow("t", 5));

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.topics().topic("t").orElseThrow().partitions()).isEqualTo(5);
        assertThat(broker.topics().partition(new TopicPartition("t", 4))).isPresent();
    }

    @Test
    void shouldAddNothingWhenValidateOnly() {
        // when
        CreatePartitionsTopicResult result = single(true, grow("t", 5));

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.topics().topic("t").orElseThrow().partitions()).isEqualTo(2);
    }

    @Test
    void shouldAnswerInvalidPartitionsWhenCountIsNotAnIncrease() {
        // when
        CreatePartitionsTopicResult same = single(false, grow("t", 2));
        CreatePartitionsTopicResult fewer = single(false, grow("t", 1));

        // then
        assertThat(Errors.forCode(same.errorCode())).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(same.errorMessage()).isEqualTo("Topic already has 2 partition(s).");
        assertThat(Errors.forCode(fewer.errorCode())).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(fewer.errorMessage()).isEqualTo("The topic t currently has 2 partition(s); 1 would not be an increase.");
    }

    @Test
    void shouldAnswerUnknownTopicWhenTopicIsMissing() {
        // when
        CreatePartitionsTopicResult result = single(false, grow("missing", 3));

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void shouldAcceptAssignmentsWhenEachNewPartitionIsOnThisNode() {
        // when
        CreatePartitionsTopicResult result = single(false, grow("t", 4, 1, 1));

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.topics().topic("t").orElseThrow().partitions()).isEqualTo(4);
    }

    @Test
    void shouldAnswerInvalidReplicaAssignmentWhenAssignmentsDoNotFit() {
        // when
        CreatePartitionsTopicResult otherBroker = single(false, grow("t", 3, 2));
        CreatePartitionsTopicResult tooFew = single(false, grow("t", 4, 1));

        // then
        assertThat(Errors.forCode(otherBroker.errorCode())).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(Errors.forCode(tooFew.errorCode())).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(tooFew.errorMessage())
                .isEqualTo("Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.");
        assertThat(broker.topics().topic("t").orElseThrow().partitions()).isEqualTo(2);
    }

    @Test
    void shouldAnswerInvalidRequestWhenTopicIsNamedTwice() {
        // given
        CreatePartitionsRequestData request = new CreatePartitionsRequestData();
        request.topics().add(grow("t", 3));
        request.topics().add(grow("t", 4));

        // when
        CreatePartitionsResponseData response = AdminFixture.call(handler, ApiKeys.CREATE_PARTITIONS, request);

        // then
        assertThat(response.results()).singleElement().satisfies(r -> {
            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(r.errorMessage()).isEqualTo("Duplicate topic name.");
        });
        assertThat(broker.topics().topic("t").orElseThrow().partitions()).isEqualTo(2);
    }
}
