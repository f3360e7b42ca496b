package io.lanes.broker.share;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.broker.RawKafkaClient;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ShareFetchResponse;
import org.apache.kafka.common.requests.ShareGroupDescribeResponse;
import org.apache.kafka.common.requests.ShareGroupHeartbeatResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-topic and per-group checks of the share group APIs, with the ACLs of the anonymous PLAINTEXT principal. */
class ShareAuthorizationTest {
    @TempDir
    Path dataDir;

    private static AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:ANONYMOUS", "*", operation, AclPermissionType.ALLOW));
    }

    @Test
    void shouldRefuseTopicsAndGroupsThePrincipalMayNotReadOrDescribeWhenSharing() throws Exception {
        // given: the principal may READ group sg and topic readable, nothing on topic secret or group other
        try (LanesBroker broker = LanesBroker.start(BrokerConfig.from(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(), "lanes.share.groups.enable", "true",
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")));
             RawKafkaClient client = new RawKafkaClient(broker.port())) {
            Uuid readable = broker.services().topics().create("readable", 1, (short) 1, Map.of(), false).id();
            Uuid secret = broker.services().topics().create("secret", 1, (short) 1, Map.of(), false).id();
            broker.services().authorizer().store().add(List.of(allow(ResourceType.GROUP, "sg", AclOperation.READ),
                    allow(ResourceType.TOPIC, "readable", AclOperation.READ)));
            String memberId = Uuid.randomUuid().toString();
            Errors joined = Errors.forCode(((ShareGroupHeartbeatResponse) client.send(ApiKeys.SHARE_GROUP_HEARTBEAT,
                    (short) 1, new ShareGroupHeartbeatRequestData().setGroupId("sg").setMemberId(memberId)
                            .setMemberEpoch(0).setSubscribedTopicNames(List.of("readable")))).data().errorCode());
            ShareFetchRequestData.FetchTopicCollection topics = new ShareFetchRequestData.FetchTopicCollection();
            for (Uuid id : List.of(readable, secret)) {
                topics.add(new ShareFetchRequestData.FetchTopic().setTopicId(id).setPartitions(
                        new ShareFetchRequestData.FetchPartitionCollection(List.of(
                                new ShareFetchRequestData.FetchPartition().setPartitionIndex(0)).iterator())));
            }

            // when
            ShareFetchResponseData fetched = ((ShareFetchResponse) client.send(ApiKeys.SHARE_FETCH, (short) 2,
                    new ShareFetchRequestData().setGroupId("sg").setMemberId(memberId).setShareSessionEpoch(0)
                            .setMaxWaitMs(0).setMaxBytes(1 << 20).setMaxRecords(10).setBatchSize(10)
                            .setTopics(topics))).data();
            ShareGroupDescribeResponseData described = ((ShareGroupDescribeResponse) client.send(
                    ApiKeys.SHARE_GROUP_DESCRIBE, (short) 1,
                    new ShareGroupDescribeRequestData().setGroupIds(List.of("sg", "other")))).data();

            // then: READ on a group implies DESCRIBE (Kafka's ACL rules)
            assertThat(joined).isEqualTo(Errors.NONE);
            Map<Uuid, Errors> byTopic = new HashMap<>();
            fetched.responses().forEach(t -> byTopic.put(t.topicId(),
                    Errors.forCode(t.partitions().get(0).errorCode())));
            assertThat(Errors.forCode(fetched.errorCode())).isEqualTo(Errors.NONE);
            assertThat(byTopic).containsEntry(secret, Errors.TOPIC_AUTHORIZATION_FAILED)
                    .doesNotContainEntry(readable, Errors.TOPIC_AUTHORIZATION_FAILED);
            assertThat(described.groups()).extracting(g -> g.groupId() + " " + Errors.forCode(g.errorCode()))
                    .containsExactly("sg NONE", "other GROUP_AUTHORIZATION_FAILED");
        }
    }
}
