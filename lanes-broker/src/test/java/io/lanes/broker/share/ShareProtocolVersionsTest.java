package io.lanes.broker.share;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.broker.RawKafkaClient;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareAcknowledgeResponseData;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.ShareAcknowledgeResponse;
import org.apache.kafka.common.requests.ShareFetchResponse;
import org.apache.kafka.common.requests.ShareGroupHeartbeatResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the share group API versions add, on the wire with kafka-clients' own serde: Renew (acknowledge type 4) is
 * refused below ShareAcknowledge / ShareFetch v2 and checked like any acknowledgement from v2; a v2 renewal fetch
 * (IsRenewAck) must ask for nothing; DescribeShareGroupOffsets v1 carries the lag. One broker for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShareProtocolVersionsTest {
    private static final byte RENEW = 4;

    @TempDir
    static Path dataDir;
    private LanesBroker broker;
    private Uuid topicId;

    @BeforeAll
    void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(), "lanes.share.groups.enable", "true")));
        topicId = broker.services().topics().create("t", 1, (short) 1, Map.of(), false).id();
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    /** Joins {@code group} as a new member subscribed to "t" and opens its share session on t-0; returns the member id. */
    private String joinAndOpenSession(RawKafkaClient client, String group) throws Exception {
        String memberId = Uuid.randomUuid().toString();
        ShareGroupHeartbeatResponseData joined = ((ShareGroupHeartbeatResponse) client.send(
                ApiKeys.SHARE_GROUP_HEARTBEAT, (short) 1, new ShareGroupHeartbeatRequestData().setGroupId(group)
                        .setMemberId(memberId).setMemberEpoch(0).setSubscribedTopicNames(List.of("t")))).data();
        assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
        ShareFetchRequestData.FetchTopicCollection topics = new ShareFetchRequestData.FetchTopicCollection();
        topics.add(new ShareFetchRequestData.FetchTopic().setTopicId(topicId).setPartitions(
                new ShareFetchRequestData.FetchPartitionCollection(List.of(
                        new ShareFetchRequestData.FetchPartition().setPartitionIndex(0)).iterator())));
        ShareFetchResponseData opened = ((ShareFetchResponse) client.send(ApiKeys.SHARE_FETCH, (short) 1,
                new ShareFetchRequestData().setGroupId(group).setMemberId(memberId).setShareSessionEpoch(0)
                        .setMaxWaitMs(0).setMaxBytes(1 << 20).setMaxRecords(10).setBatchSize(10)
                        .setTopics(topics))).data();
        assertThat(Errors.forCode(opened.errorCode())).isEqualTo(Errors.NONE);
        return memberId;
    }

    private ShareAcknowledgeRequestData renewOffsetZero(String group, String memberId, int epoch) {
        ShareAcknowledgeRequestData.AcknowledgeTopicCollection topics =
                new ShareAcknowledgeRequestData.AcknowledgeTopicCollection();
        topics.add(new ShareAcknowledgeRequestData.AcknowledgeTopic().setTopicId(topicId).setPartitions(
                new ShareAcknowledgeRequestData.AcknowledgePartitionCollection(List.of(
                        new ShareAcknowledgeRequestData.AcknowledgePartition().setPartitionIndex(0)
                                .setAcknowledgementBatches(List.of(new ShareAcknowledgeRequestData.AcknowledgementBatch()
                                        .setFirstOffset(0).setLastOffset(0).setAcknowledgeTypes(List.of(RENEW)))))
                        .iterator())));
        return new ShareAcknowledgeRequestData().setGroupId(group).setMemberId(memberId).setShareSessionEpoch(epoch)
                .setTopics(topics);
    }

    private static short partitionError(ShareAcknowledgeResponseData response) {
        return response.responses().iterator().next().partitions().get(0).errorCode();
    }

    @Test
    void shouldRefuseRenewBelowVersionTwoAndCheckItFromVersionTwoWhenAcknowledging() throws Exception {
        // given: a member with a share session that holds no record
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            String memberId = joinAndOpenSession(client, "renew-versions");

            // when
            ShareAcknowledgeResponseData v1 = ((ShareAcknowledgeResponse) client.send(ApiKeys.SHARE_ACKNOWLEDGE,
                    (short) 1, renewOffsetZero("renew-versions", memberId, 1))).data();
            ShareAcknowledgeResponseData v2 = ((ShareAcknowledgeResponse) client.send(ApiKeys.SHARE_ACKNOWLEDGE,
                    (short) 2, renewOffsetZero("renew-versions", memberId, 2).setIsRenewAck(true))).data();

            // then: v1 does not know Renew; v2 does, and offset 0 is not acquired by the member
            assertThat(Errors.forCode(partitionError(v1))).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(Errors.forCode(partitionError(v2))).isEqualTo(Errors.INVALID_RECORD_STATE);
        }
    }

    @Test
    void shouldRefuseARenewalFetchWhenItAsksForRecords() throws Exception {
        // given
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            String memberId = joinAndOpenSession(client, "renew-fetch");

            // when: IsRenewAck with a wait and a record limit
            ShareFetchResponseData response = ((ShareFetchResponse) client.send(ApiKeys.SHARE_FETCH, (short) 2,
                    new ShareFetchRequestData().setGroupId("renew-fetch").setMemberId(memberId)
                            .setShareSessionEpoch(1).setIsRenewAck(true).setMaxWaitMs(500).setMaxRecords(10)
                            .setMaxBytes(1 << 20))).data();

            // then
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        }
    }

    @Test
    void shouldAnswerTheLagOnlyFromVersionOneWhenDescribingShareGroupOffsets() throws Exception {
        // given: a member whose group has state for t-0 (opened at the latest offset, nothing to read)
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            joinAndOpenSession(client, "lag-versions");
            DescribeShareGroupOffsetsRequestData request = new DescribeShareGroupOffsetsRequestData().setGroups(
                    List.of(new DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup()
                            .setGroupId("lag-versions").setTopics(List.of(
                                    new DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestTopic()
                                            .setTopicName("t").setPartitions(List.of(0))))));

            // when
            DescribeShareGroupOffsetsResponseData v0 = ((DescribeShareGroupOffsetsResponse) client.send(
                    ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, (short) 0, request)).data();
            DescribeShareGroupOffsetsResponseData v1 = ((DescribeShareGroupOffsetsResponse) client.send(
                    ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, (short) 1, request)).data();

            // then: v0 has no lag field (read back as its default -1); v1 reports 0 for the empty partition
            assertThat(v0.groups().get(0).topics().get(0).partitions().get(0).lag()).isEqualTo(-1L);
            assertThat(v1.groups().get(0).topics().get(0).partitions().get(0).startOffset()).isZero();
            assertThat(v1.groups().get(0).topics().get(0).partitions().get(0).lag()).isZero();
        }
    }
}
