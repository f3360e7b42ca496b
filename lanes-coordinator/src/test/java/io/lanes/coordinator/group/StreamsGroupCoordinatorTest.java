package io.lanes.coordinator.group;

import io.lanes.coordinator.group.streams.StreamsGroupConfig;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.CopartitionGroup;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.Subtopology;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.TopicInfo;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.Topology;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.lanes.coordinator.group.StreamsGroupFixture.APP;
import static io.lanes.coordinator.group.StreamsGroupFixture.CHANGELOG;
import static io.lanes.coordinator.group.StreamsGroupFixture.REPARTITION;
import static io.lanes.coordinator.group.StreamsGroupFixture.SESSION_MS;
import static io.lanes.coordinator.group.StreamsGroupFixture.active;
import static org.assertj.core.api.Assertions.assertThat;

/** StreamsGroupHeartbeat and StreamsGroupDescribe (KIP-1071) on the coordinator, as Kafka's coordinator answers. */
class StreamsGroupCoordinatorTest {
    private static final Map<String, List<Integer>> ALL = Map.of("0", List.of(0, 1, 2, 3), "1", List.of(0, 1, 2, 3));

    @Test
    void shouldReportMissingInternalTopicsAndCreateThemWhenTheFirstMemberJoins() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();

        // when
        StreamsGroupHeartbeatResponseData response = f.join("m1", "p1", null);

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.memberEpoch()).as("the initial target assignment's epoch (Kafka 4.4: 1) + 1")
                .isEqualTo(2);
        assertThat(response.status()).extracting(StreamsGroupHeartbeatResponseData.Status::statusCode)
                .containsExactly((byte) 3);
        assertThat(active(response)).isEmpty();
        assertThat(f.created).containsExactlyInAnyOrder(REPARTITION + ":4:{}", CHANGELOG + ":4:{cleanup.policy=compact}");
        assertThat(f.describe().groupState()).isEqualTo("NotReady");
    }

    @Test
    void shouldAssignEveryTaskWhenTheInternalTopicsExist() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.join("m1", "p1", null);

        // when
        StreamsGroupHeartbeatResponseData response = f.beat("m1", 2, Map.of());

        // then
        assertThat(response.status()).isEmpty();
        assertThat(response.memberEpoch()).isEqualTo(3);
        assertThat(active(response)).isEqualTo(ALL);
        assertThat(f.describe().groupState()).isEqualTo("Stable");
    }

    @Test
    void shouldRevokeBeforeAssigningWhenASecondMemberJoins() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.join("m1", "p1", null);
        f.beat("m1", 2, Map.of());

        // when
        StreamsGroupHeartbeatResponseData second = f.join("m2", "p2", null);
        StreamsGroupHeartbeatResponseData first = f.beat("m1", 3, ALL);

        // then the second waits for the tasks the first still runs, and the first keeps half and revokes half
        assertThat(second.memberEpoch()).isEqualTo(4);
        assertThat(active(second)).isEmpty();
        assertThat(first.memberEpoch()).as("epoch kept while revoking").isEqualTo(3);
        assertThat(count(active(first))).isEqualTo(4);
        assertThat(f.describe().groupState()).isEqualTo("Reconciling");

        // when the first confirms the revocation
        StreamsGroupHeartbeatResponseData revoked = f.beat("m1", 3, active(first));
        StreamsGroupHeartbeatResponseData released = f.beat("m2", 4, Map.of());

        // then both are at the new epoch with disjoint halves (the first's tasks are unchanged, so not sent)
        assertThat(revoked.memberEpoch()).isEqualTo(4);
        assertThat(revoked.activeTasks()).isNull();
        assertThat(released.memberEpoch()).isEqualTo(4);
        Set<String> tasks1 = ids(active(first));
        Set<String> tasks2 = ids(active(released));
        assertThat(tasks1).hasSize(4).doesNotContainAnyElementsOf(tasks2);
        assertThat(tasks2).hasSize(4);
        assertThat(f.describe().groupState()).isEqualTo("Stable");
    }

    @Test
    void shouldFenceAMemberWhoseEpochIsAheadOfTheCoordinatorsWhenItHeartbeats() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.join("m1", "p1", null);

        // when
        StreamsGroupHeartbeatResponseData response = f.beat("m1", 7, null);

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
        assertThat(f.beat("other", 1, null).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void shouldRemoveAMemberAndReassignItsTasksWhenItsSessionTimesOut() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.join("m1", "p1", null);
        f.beat("m1", 2, Map.of());
        StreamsGroupHeartbeatResponseData joined = f.join("m2", "p2", null);
        f.beat("m1", 3, ALL);

        // when m1 falls silent while m2 keeps heartbeating
        for (int i = 0; i < 10; i++) {
            f.scheduler.advance(SESSION_MS / 5);
            f.beat("m2", f.describe().members().stream().filter(m -> m.memberId().equals("m2")).findFirst()
                    .orElseThrow().memberEpoch(), Map.of());
        }
        StreamsGroupHeartbeatResponseData after = f.beat("m2", f.describe().members().get(0).memberEpoch(), Map.of());

        // then
        assertThat(joined.memberEpoch()).isPositive();
        assertThat(f.describe().members()).extracting(StreamsGroupDescribeResponseData.Member::memberId)
                .containsExactly("m2");
        assertThat(after.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(describedIds(f.describe().members().get(0).assignment().activeTasks())).hasSize(8);
        assertThat(f.beat("m1", 3, null).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void shouldHandTheTasksOfAStaticMemberToItsNextIncarnationWithoutARebalance() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.join("a", "p1", "instance-1");
        StreamsGroupHeartbeatResponseData before = f.beat("a", 2, Map.of());
        int groupEpoch = f.describe().groupEpoch();

        // when
        StreamsGroupHeartbeatResponseData left = f.send(new org.apache.kafka.common.message
                .StreamsGroupHeartbeatRequestData().setGroupId(APP).setMemberId("a").setMemberEpoch(-2)
                .setInstanceId("instance-1"));
        StreamsGroupHeartbeatResponseData rejoined = f.join("b", "p1", "instance-1");

        // then
        assertThat(left.memberEpoch()).isEqualTo(-2);
        assertThat(rejoined.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(active(rejoined)).isEqualTo(active(before)).isEqualTo(ALL);
        assertThat(rejoined.memberEpoch()).isEqualTo(before.memberEpoch());
        assertThat(f.describe().groupEpoch()).isEqualTo(groupEpoch);
        assertThat(f.describe().members()).extracting(StreamsGroupDescribeResponseData.Member::memberId)
                .containsExactly("b");
    }

    @Test
    void shouldRefuseASecondLiveIncarnationOfAStaticMemberWhenItJoins() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.join("a", "p1", "instance-1");

        // when
        StreamsGroupHeartbeatResponseData response = f.join("b", "p2", "instance-1");

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.UNRELEASED_INSTANCE_ID.code());
    }

    @Test
    void shouldPlaceStandbyTasksOnAnotherProcessWhenStandbyReplicasAreConfigured() {
        // given
        StreamsGroupFixture f = new StreamsGroupFixture(StreamsGroupConfig.defaults().withNumStandbyReplicas(1)
                .withInitialRebalanceDelayMs(0).withAssignmentIntervalMs(0));
        f.topics.create(StreamsGroupFixture.SOURCE, 4);
        f.join("m1", "p1", null);
        f.join("m2", "p2", null);

        // when
        f.beat("m1", 2, Map.of());
        f.beat("m2", 3, Map.of());
        StreamsGroupDescribeResponseData.DescribedGroup described = f.describe();

        // then every task has one active and one standby copy, on different members
        for (StreamsGroupDescribeResponseData.Member m : described.members()) {
            Set<String> activeTasks = describedIds(m.targetAssignment().activeTasks());
            Set<String> standbyTasks = describedIds(m.targetAssignment().standbyTasks());
            assertThat(activeTasks).hasSize(4).doesNotContainAnyElementsOf(standbyTasks);
            assertThat(standbyTasks).hasSize(4);
        }
    }

    @Test
    void shouldListDescribeAndRefuseToDeleteAStreamsGroupAsKafkaDoes() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.join("m1", "p1", null);

        // when
        var listed = f.coordinator.listGroups(new ListGroupsRequestData().setTypesFilter(List.of("streams")));
        var classic = f.coordinator.describeGroups(GroupFixture.info(ApiKeys.DESCRIBE_GROUPS),
                new DescribeGroupsRequestData().setGroups(List.of(APP)));
        var deleted = f.coordinator.deleteGroups(new org.apache.kafka.common.message.DeleteGroupsRequestData()
                .setGroupsNames(List.of(APP))).join();
        StreamsGroupDescribeResponseData.DescribedGroup described = f.describe();

        // then
        assertThat(listed.groups()).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo(APP);
            assertThat(g.groupType()).isEqualTo("streams");
            assertThat(g.protocolType()).isEqualTo("streams");
            assertThat(g.groupState()).isEqualTo("NotReady");
        });
        assertThat(classic.groups().get(0).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(deleted.results().find(APP).errorCode()).isEqualTo(Errors.NON_EMPTY_GROUP.code());
        assertThat(described.topology().epoch()).isZero();
        assertThat(described.topology().subtopologies()).extracting(s -> s.subtopologyId()).containsExactly("0", "1");
        assertThat(described.members()).singleElement().satisfies(m -> {
            assertThat(m.processId()).isEqualTo("p1");
            assertThat(m.clientId()).isEqualTo("client");
            assertThat(m.memberEpoch()).isEqualTo(2);
        });
    }

    @Test
    void shouldDeleteAStreamsGroupWhenItsLastMemberHasLeft() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.join("m1", "p1", null);
        f.beat("m1", -1, null);

        // when
        var deleted = f.coordinator.deleteGroups(new org.apache.kafka.common.message.DeleteGroupsRequestData()
                .setGroupsNames(List.of(APP))).join();

        // then
        assertThat(deleted.results().find(APP).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(f.describe().errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void shouldGiveARepartitionTopicThePartitionCountOfTheTableItIsJoinedWithWhenTheyAreCopartitioned() {
        // given clicks (6 partitions) re-keyed through a repartition topic and joined with users (3 partitions)
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.topics.create("clicks", 6);
        f.topics.create("users", 3);
        Topology join = new Topology().setEpoch(0).setSubtopologies(List.of(
                new Subtopology().setSubtopologyId("0").setSourceTopics(List.of("clicks"))
                        .setRepartitionSinkTopics(List.of("app-rekeyed-repartition")),
                new Subtopology().setSubtopologyId("1").setSourceTopics(List.of("users"))
                        .setRepartitionSourceTopics(List.of(new TopicInfo().setName("app-rekeyed-repartition")))
                        .setCopartitionGroups(List.of(new CopartitionGroup().setSourceTopics(List.of((short) 0))
                                .setRepartitionSourceTopics(List.of((short) 0))))));

        // when
        StreamsGroupHeartbeatResponseData joined = f.send(joinWith(join));
        StreamsGroupHeartbeatResponseData assigned = f.beat("m1", joined.memberEpoch(), Map.of());

        // then
        assertThat(f.created).containsExactly("app-rekeyed-repartition:3:{}");
        assertThat(active(assigned)).isEqualTo(Map.of("0", List.of(0, 1, 2, 3, 4, 5), "1", List.of(0, 1, 2)));
    }

    @Test
    void shouldReportIncorrectlyPartitionedTopicsWhenCopartitionedSourcesDiffer() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.topics.create("clicks", 6);
        f.topics.create("users", 3);
        Topology join = new Topology().setEpoch(0).setSubtopologies(List.of(
                new Subtopology().setSubtopologyId("0").setSourceTopics(List.of("clicks", "users"))
                        .setCopartitionGroups(List.of(new CopartitionGroup()
                                .setSourceTopics(List.of((short) 0, (short) 1))))));

        // when
        StreamsGroupHeartbeatResponseData response = f.send(joinWith(join));

        // then
        assertThat(response.status()).extracting(StreamsGroupHeartbeatResponseData.Status::statusCode)
                .containsExactly((byte) 2);
        assertThat(response.status().get(0).statusDetail()).contains("clicks", "users");
        assertThat(active(response)).isEmpty();
        assertThat(f.describe().groupState()).isEqualTo("NotReady");
    }

    private static StreamsGroupHeartbeatRequestData joinWith(Topology topology) {
        return new StreamsGroupHeartbeatRequestData().setGroupId(APP).setMemberId("m1").setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000).setTopology(topology).setProcessId("p1").setActiveTasks(List.of())
                .setStandbyTasks(List.of()).setWarmupTasks(List.of());
    }

    private static int count(Map<String, List<Integer>> tasks) {
        return tasks.values().stream().mapToInt(List::size).sum();
    }

    private static Set<String> ids(Map<String, List<Integer>> tasks) {
        Set<String> out = new TreeSet<>();
        tasks.forEach((id, parts) -> parts.forEach(p -> out.add(id + "_" + p)));
        return out;
    }

    private static Set<String> describedIds(List<StreamsGroupDescribeResponseData.TaskIds> tasks) {
        Set<String> out = new TreeSet<>();
        tasks.forEach(t -> t.partitions().forEach(p -> out.add(t.subtopologyId() + "_" + p)));
        return out;
    }
}
