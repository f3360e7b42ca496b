package io.lanes.broker;

import io.lanes.broker.api.ServedVersions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every advertised version of the group APIs, answered and parsed by kafka-clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupEveryVersionTest {
    @TempDir
    static Path dataDir;
    private LanesBroker broker;
    private Uuid topicId;

    @BeforeAll
    void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dataDir.toString(),
                "offsets.topic.num.partitions", "2", "group.initial.rebalance.delay.ms", "0")));
        topicId = broker.services().topics().create("t", 2, (short) 1, Map.of(), false).id();
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    static Stream<Short> findCoordinatorVersions() { return EveryVersionTest.versions(ApiKeys.FIND_COORDINATOR); }
    static Stream<Short> joinGroupVersions() { return EveryVersionTest.versions(ApiKeys.JOIN_GROUP); }
    static Stream<Short> offsetCommitVersions() { return EveryVersionTest.versions(ApiKeys.OFFSET_COMMIT); }
    static Stream<Short> offsetFetchVersions() { return EveryVersionTest.versions(ApiKeys.OFFSET_FETCH); }
    static Stream<Short> describeGroupsVersions() { return EveryVersionTest.versions(ApiKeys.DESCRIBE_GROUPS); }
    static Stream<Short> listGroupsVersions() { return EveryVersionTest.versions(ApiKeys.LIST_GROUPS); }
    static Stream<Short> deleteGroupsVersions() { return EveryVersionTest.versions(ApiKeys.DELETE_GROUPS); }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("findCoordinatorVersions")
    void shouldNameThisBrokerWhenGroupCoordinatorIsFound(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            FindCoordinatorRequestData request = new FindCoordinatorRequestData();
            if (version >= 4) {
                request.setCoordinatorKeys(List.of("a", "b"));
            } else {
                request.setKey("a");
            }

            // when
            FindCoordinatorResponse response = (FindCoordinatorResponse) client.send(ApiKeys.FIND_COORDINATOR, version, request);

            // then
            if (version >= 4) {
                assertThat(response.data().coordinators()).hasSize(2)
                        .allSatisfy(c -> assertThat(c.port()).isEqualTo(broker.port()));
            } else {
                assertThat(response.data().errorCode()).isZero();
                assertThat(response.data().port()).isEqualTo(broker.port());
            }
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("joinGroupVersions")
    void shouldCompleteGenerationWhenSingleMemberJoinsSyncsHeartbeatsAndLeaves(short version) throws Exception {
        String group = "join-v" + version;
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
            protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[]{1, 2}));
            JoinGroupRequestData join = new JoinGroupRequestData().setGroupId(group).setMemberId("")
                    .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                    .setProtocols(protocols);

            // when
            JoinGroupResponseData joined = ((JoinGroupResponse) client.send(ApiKeys.JOIN_GROUP, version, join)).data();
            if (joined.errorCode() == Errors.MEMBER_ID_REQUIRED.code()) {
                joined = ((JoinGroupResponse) client.send(ApiKeys.JOIN_GROUP, version,
                        join.duplicate().setMemberId(joined.memberId()))).data();
            }
            String memberId = joined.memberId();
            short syncVersion = (short) Math.min(version, ServedVersions.SYNC_GROUP);
            SyncGroupRequestData sync = new SyncGroupRequestData().setGroupId(group).setMemberId(memberId)
                    .setGenerationId(joined.generationId()).setAssignments(List.of(
                            new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId)
                                    .setAssignment(new byte[]{9})));
            SyncGroupResponse synced = (SyncGroupResponse) client.send(ApiKeys.SYNC_GROUP, syncVersion, sync);
            short heartbeatVersion = (short) Math.min(version, ServedVersions.HEARTBEAT);
            HeartbeatResponse beat = (HeartbeatResponse) client.send(ApiKeys.HEARTBEAT, heartbeatVersion,
                    new HeartbeatRequestData().setGroupId(group).setMemberId(memberId).setGenerationId(joined.generationId()));
            short leaveVersion = (short) Math.min(version, ServedVersions.LEAVE_GROUP);
            LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId(group);
            if (leaveVersion >= 3) {
                leave.setMembers(List.of(new MemberIdentity().setMemberId(memberId)));
            } else {
                leave.setMemberId(memberId);
            }
            LeaveGroupResponse left = (LeaveGroupResponse) client.send(ApiKeys.LEAVE_GROUP, leaveVersion, leave);

            // then
            assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
            assertThat(joined.generationId()).isEqualTo(1);
            assertThat(joined.leader()).isEqualTo(memberId);
            assertThat(joined.members()).hasSize(1);
            assertThat(synced.data().assignment()).containsExactly(9);
            assertThat(Errors.forCode(beat.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(left.topLevelError()).isEqualTo(Errors.NONE);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("offsetCommitVersions")
    void shouldCommitAndFetchOffsetWhenSimpleGroupCommits(short version) throws Exception {
        String group = "commit-v" + version;
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            OffsetCommitRequestTopic topic = new OffsetCommitRequestTopic().setPartitions(List.of(
                    new OffsetCommitRequestPartition().setPartitionIndex(1).setCommittedOffset(40 + version)
                            .setCommittedMetadata("m" + version)));
            if (version >= 10) {
                topic.setTopicId(topicId);
            } else {
                topic.setName("t");
            }

            // when
            OffsetCommitResponse committed = (OffsetCommitResponse) client.send(ApiKeys.OFFSET_COMMIT, version,
                    new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1).setMemberId("")
                            .setTopics(List.of(topic)));
            short fetchVersion = (short) Math.min(Math.max(version, 1), ServedVersions.OFFSET_FETCH);
            Fetched fetched = fetch(client, fetchVersion, group);

            // then
            assertThat(committed.errorCounts()).containsOnlyKeys(Errors.NONE);
            assertThat(fetched.offsets()).containsExactly(40L + version);
            assertThat(fetched.metadata()).containsExactly("m" + version);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("offsetFetchVersions")
    void shouldAnswerMinusOneWhenNothingWasCommitted(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // when
            Fetched fetched = fetch(client, version, "nothing-committed");

            // then
            assertThat(fetched.offsets()).containsExactly(-1L);
        }
    }

    /** The committed offsets and metadata strings of one OffsetFetch response, in response order. */
    private record Fetched(List<Long> offsets, List<String> metadata) {
    }

    private Fetched fetch(RawKafkaClient client, short version, String group) throws Exception {
        OffsetFetchRequestData request = new OffsetFetchRequestData();
        if (version >= 8) {
            OffsetFetchRequestTopics topic = new OffsetFetchRequestTopics().setPartitionIndexes(List.of(1));
            if (version >= 10) {
                topic.setTopicId(topicId);
            } else {
                topic.setName("t");
            }
            request.setGroups(List.of(new OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(topic))));
        } else {
            request.setGroupId(group).setTopics(List.of(new OffsetFetchRequestTopic().setName("t")
                    .setPartitionIndexes(List.of(1))));
        }
        OffsetFetchResponse response = (OffsetFetchResponse) client.send(ApiKeys.OFFSET_FETCH, version, request);
        List<Long> offsets = new java.util.ArrayList<>();
        List<String> metadata = new java.util.ArrayList<>();
        if (version >= 8) {
            response.data().groups().forEach(g -> g.topics().forEach(t -> t.partitions().forEach(p -> {
                assertThat(p.errorCode()).isZero();
                offsets.add(p.committedOffset());
                metadata.add(p.metadata());
            })));
        } else {
            response.data().topics().forEach(t -> t.partitions().forEach(p -> {
                assertThat(p.errorCode()).isZero();
                offsets.add(p.committedOffset());
                metadata.add(p.metadata());
            }));
        }
        return new Fetched(offsets, metadata);
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("describeGroupsVersions")
    void shouldDescribeEmptyAndUnknownGroups(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            client.send(ApiKeys.OFFSET_COMMIT, (short) 9, new OffsetCommitRequestData().setGroupId("described")
                    .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(new OffsetCommitRequestTopic().setName("t")
                            .setPartitions(List.of(new OffsetCommitRequestPartition().setCommittedOffset(1))))));

            // when
            DescribeGroupsResponse response = (DescribeGroupsResponse) client.send(ApiKeys.DESCRIBE_GROUPS, version,
                    new DescribeGroupsRequestData().setGroups(List.of("described", "unknown")));

            // then
            assertThat(response.data().groups().get(0).groupState()).isEqualTo("Empty");
            assertThat(response.data().groups().get(1).groupState()).isEqualTo("Dead");
            assertThat(Errors.forCode(response.data().groups().get(1).errorCode()))
                    .isEqualTo(version >= 6 ? Errors.GROUP_ID_NOT_FOUND : Errors.NONE);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("listGroupsVersions")
    void shouldListGroupsWhenAsked(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            client.send(ApiKeys.OFFSET_COMMIT, (short) 9, new OffsetCommitRequestData().setGroupId("listed")
                    .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(new OffsetCommitRequestTopic().setName("t")
                            .setPartitions(List.of(new OffsetCommitRequestPartition().setCommittedOffset(1))))));

            // when
            ListGroupsResponse response = (ListGroupsResponse) client.send(ApiKeys.LIST_GROUPS, version,
                    new ListGroupsRequestData());

            // then
            assertThat(response.data().groups()).anySatisfy(g -> assertThat(g.groupId()).isEqualTo("listed"));
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("deleteGroupsVersions")
    void shouldDeleteEmptyGroupAndItsOffsetsWhenAsked(short version) throws Exception {
        String group = "deleted-v" + version;
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            client.send(ApiKeys.OFFSET_COMMIT, (short) 9, new OffsetCommitRequestData().setGroupId(group)
                    .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(new OffsetCommitRequestTopic().setName("t")
                            .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(1)
                                    .setCommittedOffset(1))))));
            OffsetDeleteResponse offsetDeleted = (OffsetDeleteResponse) client.send(ApiKeys.OFFSET_DELETE, (short) 0,
                    new OffsetDeleteRequestData().setGroupId("unknown-group"));

            // when
            DeleteGroupsResponse response = (DeleteGroupsResponse) client.send(ApiKeys.DELETE_GROUPS, version,
                    new DeleteGroupsRequestData().setGroupsNames(List.of(group, "never-existed")));

            // then
            assertThat(Errors.forCode(offsetDeleted.data().errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
            assertThat(Errors.forCode(response.data().results().find(group).errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(response.data().results().find("never-existed").errorCode()))
                    .isEqualTo(Errors.GROUP_ID_NOT_FOUND);
            assertThat(fetch(client, (short) 9, group).offsets()).containsExactly(-1L);
        }
    }
}
