package io.lanes.coordinator.group;

import io.lanes.coordinator.group.streams.StreamsGroupConfig;
import org.apache.kafka.common.message.StreamsGroupDescribeRequestData;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.KeyValue;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData.Status;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.lanes.coordinator.group.StreamsGroupFixture.APP;
import static io.lanes.coordinator.group.StreamsGroupFixture.REBALANCE_MS;
import static io.lanes.coordinator.group.StreamsGroupFixture.active;
import static io.lanes.coordinator.group.StreamsGroupFixture.topology;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Kafka 4.4 added to streams groups around StreamsGroupHeartbeat and StreamsGroupDescribe v1: the initial
 * rebalance delay and the assignment interval (ASSIGNMENT_DELAYED), MISSING_CLIENT_TAGS for version 1 members, and
 * the describe fields AssignorName and TopologyDescriptionStatus.
 */
class StreamsGroupVersion1Test {
    private static final byte MISSING_INTERNAL_TOPICS = 3;
    private static final byte ASSIGNMENT_DELAYED = 5;
    private static final byte MISSING_CLIENT_TAGS = 6;

    @Test
    void shouldAssignNothingAndReportAssignmentDelayedWhenMembersJoinDuringTheInitialRebalanceDelay() {
        // given Kafka's default delay of 3 s
        StreamsGroupFixture f = StreamsGroupFixture.started(StreamsGroupConfig.defaults());

        // when
        StreamsGroupHeartbeatResponseData first = f.join("m1", "p1", null);
        f.scheduler.advance(2_000);
        StreamsGroupHeartbeatResponseData second = f.join("m2", "p2", null);

        // then the members get the initial target assignment (epoch 1, no tasks), in Kafka's order of statuses
        assertThat(first.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(codes(first)).containsExactly(ASSIGNMENT_DELAYED, MISSING_INTERNAL_TOPICS);
        assertThat(first.status()).extracting(Status::statusDetail).containsExactly(
                "Assignment delayed due to the configured initial rebalance delay.",
                "Internal topics are missing: app-by-day-repartition, app-totals-changelog");
        assertThat(first.memberEpoch()).isEqualTo(1);
        assertThat(active(first)).isEmpty();
        assertThat(codes(second)).containsExactly(ASSIGNMENT_DELAYED);
        assertThat(second.memberEpoch()).isEqualTo(1);
        assertThat(f.describe().groupEpoch()).isEqualTo(3);
        assertThat(f.describe().assignmentEpoch()).isEqualTo(1);
    }

    @Test
    void shouldAssignEveryMemberWhenTheInitialRebalanceDelayIsOver() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started(StreamsGroupConfig.defaults());
        f.join("m1", "p1", null);
        f.join("m2", "p2", null);

        // when the delay (counted from the first join) is over and the members heartbeat
        f.scheduler.advance(3_000);
        StreamsGroupHeartbeatResponseData first = f.beat("m1", 1, Map.of());
        StreamsGroupHeartbeatResponseData second = f.beat("m2", 1, Map.of());

        // then the target assignment was computed once, at the group epoch the joins reached, and split the tasks
        DescribedGroup described = f.describe();
        assertThat(described.assignmentEpoch()).isEqualTo(described.groupEpoch()).isEqualTo(3);
        assertThat(first.status()).isEmpty();
        assertThat(first.memberEpoch()).isEqualTo(3);
        assertThat(second.memberEpoch()).isEqualTo(3);
        Set<String> tasks = new TreeSet<>(ids(first));
        tasks.addAll(ids(second));
        assertThat(ids(first)).hasSize(4).doesNotContainAnyElementsOf(ids(second));
        assertThat(tasks).hasSize(8);
    }

    @Test
    void shouldOnlyWaitForTheAssignmentIntervalWhenAMemberJoinsAGroupThatHasMembers() {
        // given a group whose delay is over and whose target assignment was just computed
        StreamsGroupFixture f = StreamsGroupFixture.started(StreamsGroupConfig.defaults());
        f.join("m1", "p1", null);
        f.scheduler.advance(3_000);
        int assignedEpoch = f.beat("m1", 1, Map.of()).memberEpoch();

        // when a second member joins within the assignment interval (Kafka's default: 1 s), then after it
        StreamsGroupHeartbeatResponseData joined = f.join("m2", "p2", null);
        f.scheduler.advance(1_000);
        StreamsGroupHeartbeatResponseData later = f.beat("m2", joined.memberEpoch(), Map.of());

        // then the join keeps the current target (nothing for the new member) and the next heartbeat computes one
        assertThat(joined.status()).singleElement().extracting(Status::statusDetail)
                .isEqualTo("Assignment delayed due to the configured assignment interval.");
        assertThat(joined.memberEpoch()).isEqualTo(assignedEpoch);
        assertThat(active(joined)).isEmpty();
        DescribedGroup described = f.describe();
        assertThat(later.status()).isEmpty();
        assertThat(described.assignmentEpoch()).isEqualTo(described.groupEpoch()).isGreaterThan(assignedEpoch);
        assertThat(described.members()).allSatisfy(m -> assertThat(m.targetAssignment().activeTasks()).isNotEmpty());
    }

    @Test
    void shouldReportMissingClientTagsOnlyToVersion1MembersWhenRackAwareTagsAreConfigured() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started(StreamsGroupConfig.defaults()
                .withInitialRebalanceDelayMs(0).withRackAwareAssignmentTags(List.of("zone", "rack")));

        // when
        StreamsGroupHeartbeatResponseData v1 = f.send(join("m1").setClientTags(List.of(tag("zone", "a"))), (short) 1);
        StreamsGroupHeartbeatResponseData v0 = f.send(join("m2").setClientTags(List.of()), (short) 0);
        StreamsGroupHeartbeatResponseData tagged = f.send(join("m3").setClientTags(List.of(tag("zone", "a"),
                tag("rack", "r1"))), (short) 1);

        // then
        assertThat(v1.status()).filteredOn(s -> s.statusCode() == MISSING_CLIENT_TAGS).singleElement()
                .extracting(Status::statusDetail).isEqualTo("Missing required client tags for rack-aware standby "
                        + "assignment: [rack]. Configure them via 'client.tag.<tagKey>' in your Streams config.");
        assertThat(codes(v0)).doesNotContain(MISSING_CLIENT_TAGS);
        assertThat(codes(tagged)).doesNotContain(MISSING_CLIENT_TAGS);
        assertThat(v1.topologyDescriptionRequired()).isFalse();
    }

    @Test
    void shouldDescribeTheAssignorAndNoStoredTopologyDescriptionWhenAVersion1ClientAsks() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        f.join("m1", "p1", null);

        // when
        List<DescribedGroup> plain = f.coordinator.streamsGroupDescribe(new StreamsGroupDescribeRequestData()
                .setGroupIds(List.of(APP, "unknown"))).groups();
        List<DescribedGroup> withDescription = f.coordinator.streamsGroupDescribe(new StreamsGroupDescribeRequestData()
                .setGroupIds(List.of(APP, "unknown")).setIncludeTopologyDescription(true)).groups();

        // then NOT_REQUESTED (0) unless asked for, then NOT_STORED (1); nothing for a group that is not found
        assertThat(plain.get(0).assignorName()).isEqualTo("sticky");
        assertThat(plain.get(0).topologyDescriptionStatus()).isZero();
        assertThat(withDescription.get(0).topologyDescriptionStatus()).isEqualTo((byte) 1);
        assertThat(withDescription.get(0).topologyDescription()).isNull();
        assertThat(withDescription.get(1).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(withDescription.get(1).topologyDescriptionStatus()).isZero();
        assertThat(withDescription.get(1).assignorName()).isNull();
    }

    @Test
    void shouldDescribeTheTaskOffsetsAMemberLastReportedAndRefuseDuplicates() {
        // given
        StreamsGroupFixture f = StreamsGroupFixture.started();
        int joined = f.join("m1", "p1", null).memberEpoch();

        // when
        int epoch = f.send(new StreamsGroupHeartbeatRequestData().setGroupId(APP).setMemberId("m1")
                .setMemberEpoch(joined).setTaskOffsets(List.of(offset("1", 2, 5), offset("0", 1, 100)))
                .setTaskEndOffsets(List.of(offset("0", 1, 120)))).memberEpoch();
        StreamsGroupHeartbeatResponseData unchanged = f.beat("m1", epoch, null);
        StreamsGroupHeartbeatResponseData duplicate = f.send(new StreamsGroupHeartbeatRequestData().setGroupId(APP)
                .setMemberId("m1").setMemberEpoch(unchanged.memberEpoch())
                .setTaskOffsets(List.of(offset("0", 1, 1), offset("0", 1, 2))));

        // then the lists are kept until a heartbeat replaces them, in task order
        assertThat(unchanged.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(duplicate.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(duplicate.errorMessage())
                .isEqualTo("Task offsets contain a duplicate entry for subtopology 0 and partition 1.");
        var member = f.describe().members().get(0);
        assertThat(member.taskOffsets()).extracting(o -> o.subtopologyId() + "_" + o.partition() + "=" + o.offset())
                .containsExactly("0_1=100", "1_2=5");
        assertThat(member.taskEndOffsets()).extracting(o -> o.subtopologyId() + "_" + o.partition() + "=" + o.offset())
                .containsExactly("0_1=120");
    }

    @Test
    void shouldPlaceAStandbyOnTheMemberThatReportedTheMostStateOfTheTaskWhenItHadNoneBefore() {
        // given m1, m2 and m3 (three processes) join during the initial delay, one of m2 and m3 with state of task
        // 0_0, whose active copy goes to m1
        // when
        String withStateM2 = standbyOwnerOfTask00("m2");
        String withStateM3 = standbyOwnerOfTask00("m3");

        // then the standby follows the state
        assertThat(withStateM2).isEqualTo("m2");
        assertThat(withStateM3).isEqualTo("m3");
    }

    /** Who gets the standby copy of task 0_0 when {@code stateful} joins having reported state of it. */
    private static String standbyOwnerOfTask00(String stateful) {
        StreamsGroupFixture f = StreamsGroupFixture.started(StreamsGroupConfig.defaults().withNumStandbyReplicas(1));
        f.topics.create(StreamsGroupFixture.CHANGELOG, 4);
        f.topics.create(StreamsGroupFixture.REPARTITION, 4);
        for (String id : List.of("m1", "m2", "m3")) {
            f.send(join(id).setTaskOffsets(id.equals(stateful) ? List.of(offset("0", 0, 500)) : List.of()));
        }
        f.scheduler.advance(3_000);
        assertThat(f.describe().members()).filteredOn(m -> m.memberId().equals("m1")).singleElement()
                .satisfies(m -> assertThat(m.targetAssignment().activeTasks()).anySatisfy(t -> {
                    assertThat(t.subtopologyId()).isEqualTo("0");
                    assertThat(t.partitions()).contains(0);
                }));
        return f.describe().members().stream()
                .filter(m -> m.targetAssignment().standbyTasks().stream()
                        .anyMatch(t -> t.subtopologyId().equals("0") && t.partitions().contains(0)))
                .map(m -> m.memberId()).findFirst().orElse("none");
    }

    private static StreamsGroupHeartbeatRequestData.TaskOffset offset(String subtopology, int partition, long offset) {
        return new StreamsGroupHeartbeatRequestData.TaskOffset().setSubtopologyId(subtopology).setPartition(partition)
                .setOffset(offset);
    }

    private static StreamsGroupHeartbeatRequestData join(String memberId) {
        return new StreamsGroupHeartbeatRequestData().setGroupId(APP).setMemberId(memberId).setMemberEpoch(0)
                .setRebalanceTimeoutMs(REBALANCE_MS).setTopology(topology(0)).setProcessId("process-" + memberId)
                .setActiveTasks(List.of()).setStandbyTasks(List.of()).setWarmupTasks(List.of());
    }

    private static KeyValue tag(String key, String value) {
        return new KeyValue().setKey(key).setValue(value);
    }

    private static List<Byte> codes(StreamsGroupHeartbeatResponseData response) {
        return response.status().stream().map(Status::statusCode).toList();
    }

    private static Set<String> ids(StreamsGroupHeartbeatResponseData response) {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, List<Integer>> e : active(response).entrySet()) {
            e.getValue().forEach(p -> out.add(e.getKey() + "_" + p));
        }
        return out;
    }
}
