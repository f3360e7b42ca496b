package io.lanes.broker.handlers;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.broker.RawKafkaClient;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Fetch sent as a follower replica (what Kafka's brokers send each other) reads nothing from a single broker: without
 * CLUSTER_ACTION every partition gets TOPIC_AUTHORIZATION_FAILED, with it NOT_LEADER_OR_FOLLOWER, as Kafka answers.
 * Without an authorizer the differential test compares the answer with Kafka's.
 */
class FollowerFetchTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldAnswerAFollowerWithoutDataAndCheckClusterActionWhenAnAuthorizerIsSet() throws Exception {
        // given: the principal may READ the topic, which a consumer fetch would serve
        try (LanesBroker broker = LanesBroker.start(BrokerConfig.from(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")));
             RawKafkaClient client = new RawKafkaClient(broker.port())) {
            Uuid topicId = broker.services().topics().create("orders", 1, (short) 1, Map.of(), false).id();
            broker.services().authorizer().store().add(List.of(allow(ResourceType.TOPIC, "orders", AclOperation.READ)));
            FetchRequest.PartitionData fromZero = new FetchRequest.PartitionData(topicId, 0, -1L, 1 << 20, Optional.empty());
            Map<TopicPartition, FetchRequest.PartitionData> partitions = new LinkedHashMap<>();
            partitions.put(new TopicPartition("orders", 0), fromZero);
            partitions.put(new TopicPartition("orders", 5), fromZero);

            // when
            List<Errors> asConsumer = errors(client, FetchRequest.Builder.forConsumer((short) 17, 0, 1, partitions));
            List<Errors> withoutClusterAction = errors(client,
                    FetchRequest.Builder.forReplica((short) 17, 3, 0L, 0, 1, partitions));
            broker.services().authorizer().store().add(List.of(
                    allow(ResourceType.CLUSTER, "kafka-cluster", AclOperation.CLUSTER_ACTION)));
            List<Errors> withClusterAction = errors(client,
                    FetchRequest.Builder.forReplica((short) 17, 3, 0L, 0, 1, partitions));
            List<Errors> oldVersion = errors(client, FetchRequest.Builder.forReplica((short) 12, 3, 0L, 0, 1, partitions));

            // then
            assertThat(asConsumer).containsExactly(Errors.NONE, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(withoutClusterAction).containsExactly(Errors.TOPIC_AUTHORIZATION_FAILED,
                    Errors.TOPIC_AUTHORIZATION_FAILED);
            assertThat(withClusterAction).containsExactly(Errors.NOT_LEADER_OR_FOLLOWER, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(oldVersion).as("replica id in the request's own field before version 15")
                    .containsExactly(Errors.NOT_LEADER_OR_FOLLOWER, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    private static List<Errors> errors(RawKafkaClient client, FetchRequest.Builder builder) throws Exception {
        FetchRequest request = builder.build(builder.latestAllowedVersion());
        FetchResponse response = (FetchResponse) client.send(ApiKeys.FETCH, request.version(), request.data());
        List<Errors> errors = new ArrayList<>();
        for (FetchResponseData.FetchableTopicResponse topic : response.data().responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                errors.add(Errors.forCode(partition.errorCode()));
            }
        }
        return errors;
    }

    private static AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:ANONYMOUS", "*", operation, AclPermissionType.ALLOW));
    }
}
