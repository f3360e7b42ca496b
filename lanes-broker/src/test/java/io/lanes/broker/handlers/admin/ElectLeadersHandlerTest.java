package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElectLeadersHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private ElectLeadersHandler handler;

    @BeforeEach
    void start() {
        broker = AdminFixture.start(dataDir);
        handler = new ElectLeadersHandler(broker.services);
        broker.createTopic("orders", 2, Map.of());
        broker.createTopic("audit", 1, Map.of());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private ElectLeadersResponseData elect(ElectionType type, ElectLeadersRequestData.TopicPartitionsCollection topics) {
        return AdminFixture.call(handler, ApiKeys.ELECT_LEADERS,
                new ElectLeadersRequestData().setElectionType(type.value).setTopicPartitions(topics).setTimeoutMs(1000));
    }

    private static ElectLeadersRequestData.TopicPartitionsCollection partitions(String topic, Integer... ids) {
        ElectLeadersRequestData.TopicPartitionsCollection topics = new ElectLeadersRequestData.TopicPartitionsCollection();
        topics.add(new ElectLeadersRequestData.TopicPartitions().setTopic(topic).setPartitions(List.of(ids)));
        return topics;
    }

    @ParameterizedTest
    @EnumSource(value = ElectionType.class)
    void shouldAnswerElectionNotNeededWhenPartitionExists(ElectionType type) {
        // when
        ElectLeadersResponseData response = elect(type, partitions("orders", 0, 1));

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.replicaElectionResults()).singleElement().satisfies(topic -> {
            assertThat(topic.topic()).isEqualTo("orders");
            assertThat(topic.partitionResult()).extracting(PartitionResult::partitionId).containsExactly(0, 1);
            assertThat(topic.partitionResult()).allSatisfy(p -> {
                assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.ELECTION_NOT_NEEDED);
                assertThat(p.errorMessage()).isEqualTo(Errors.ELECTION_NOT_NEEDED.message());
            });
        });
    }

    @Test
    void shouldAnswerUnknownTopicOrPartitionWithKafkasMessageWhenMissing() {
        // when
        PartitionResult missingPartition = elect(ElectionType.PREFERRED, partitions("orders", 7))
                .replicaElectionResults().get(0).partitionResult().get(0);
        PartitionResult missingTopic = elect(ElectionType.PREFERRED, partitions("nope", 0))
                .replicaElectionResults().get(0).partitionResult().get(0);

        // then
        assertThat(Errors.forCode(missingPartition.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(missingPartition.errorMessage()).isEqualTo("No such partition as orders-7");
        assertThat(Errors.forCode(missingTopic.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(missingTopic.errorMessage()).isEqualTo("No such topic as nope");
    }

    @Test
    void shouldListEveryTopicWithoutPartitionResultsWhenAllPartitionsAreAskedFor() {
        // when
        ElectLeadersResponseData response = elect(ElectionType.PREFERRED, null);

        // then
        assertThat(response.replicaElectionResults()).extracting(ReplicaElectionResult::topic)
                .containsExactly("audit", "orders");
        assertThat(response.replicaElectionResults()).allSatisfy(t -> assertThat(t.partitionResult()).isEmpty());
    }

    @Test
    void shouldFailTheRequestWhenElectionTypeIsUnknown() {
        // given
        ElectLeadersRequestData request = new ElectLeadersRequestData().setElectionType((byte) 5)
                .setTopicPartitions(partitions("orders", 0));

        // when / then
        assertThatThrownBy(() -> handler.handle(AdminFixture.latest(ApiKeys.ELECT_LEADERS), request))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Unknown election type 5");
    }
}
