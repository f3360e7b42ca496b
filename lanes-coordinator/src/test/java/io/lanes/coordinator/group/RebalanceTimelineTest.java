package io.lanes.coordinator.group;

import io.lanes.coordinator.group.timeline.PartitionMove;
import io.lanes.coordinator.group.timeline.RebalanceEvent;
import io.lanes.coordinator.group.timeline.RebalanceEvent.Kind;
import io.lanes.coordinator.group.timeline.RebalanceTimeline;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.lanes.coordinator.group.GroupFixture.SESSION_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The rebalance timeline of a classic group, driven through the coordinator on a manual clock. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RebalanceTimelineTest {
    private final GroupFixture f = GroupFixture.started();

    private static byte[] assignment(int... partitions) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p : partitions) {
            tps.add(new TopicPartition("orders", p));
        }
        return Utils.toArray(ConsumerProtocol.serializeAssignment(new Assignment(tps)));
    }

    /** The group's events, oldest first. */
    private List<RebalanceEvent> events(String group) {
        List<RebalanceEvent> events = new ArrayList<>(f.coordinator.timeline().group(group).events());
        java.util.Collections.reverse(events);
        return events;
    }

    @Test
    void shouldRecordJoinsLeaveSessionTimeoutAndMovedPartitionsWhenMembersComeAndGo() {
        // given: a first member, Stable with all three partitions
        JoinGroupResponseData a = f.joinNew("g").join();
        f.sync("g", a.memberId(), 1, Map.of(a.memberId(), assignment(0, 1, 2))).join();

        // when: a second member joins; the rebalance takes 500 ms until the leader's assignment
        CompletableFuture<JoinGroupResponseData> b = f.joinNew("g");
        f.scheduler.advance(200);
        f.join("g", a.memberId(), null).join();
        f.scheduler.advance(300);
        f.sync("g", a.memberId(), 2, Map.of(a.memberId(), assignment(0, 1), b.join().memberId(), assignment(2))).join();
        // ... leaves; the next rebalance takes 100 ms
        f.coordinator.leaveGroup(GroupFixture.info(ApiKeys.LEAVE_GROUP), new LeaveGroupRequestData().setGroupId("g")
                .setMembers(List.of(new MemberIdentity().setMemberId(b.join().memberId()))));
        f.join("g", a.memberId(), null).join();
        f.scheduler.advance(100);
        f.sync("g", a.memberId(), 3, Map.of(a.memberId(), assignment(0, 1, 2))).join();
        // ... and the first member stops heartbeating
        f.scheduler.advance(SESSION_MS + 1);

        // then
        String idA = a.memberId();
        String idB = b.join().memberId();
        assertThat(events("g")).extracting(RebalanceEvent::kind, RebalanceEvent::memberId, RebalanceEvent::generation)
                .containsExactly(
                        tuple(Kind.MEMBER_JOINED, idA, 0),
                        tuple(Kind.REBALANCE_STARTED, null, 0),
                        tuple(Kind.GENERATION_CHANGED, null, 1),
                        tuple(Kind.GROUP_STABLE, null, 1),
                        tuple(Kind.MEMBER_JOINED, idB, 1),
                        tuple(Kind.REBALANCE_STARTED, null, 1),
                        tuple(Kind.GENERATION_CHANGED, null, 2),
                        tuple(Kind.GROUP_STABLE, null, 2),
                        tuple(Kind.MEMBER_LEFT, idB, 2),
                        tuple(Kind.REBALANCE_STARTED, null, 2),
                        tuple(Kind.GENERATION_CHANGED, null, 3),
                        tuple(Kind.GROUP_STABLE, null, 3),
                        tuple(Kind.MEMBER_TIMED_OUT, idA, 3),
                        tuple(Kind.REBALANCE_STARTED, null, 3),
                        tuple(Kind.GENERATION_CHANGED, null, 4));
        List<RebalanceEvent> stable = events("g").stream().filter(e -> e.kind() == Kind.GROUP_STABLE).toList();
        assertThat(stable).extracting(RebalanceEvent::unownedMs).containsExactly(0L, 500L, 100L);
        assertThat(stable.get(0).moves()).containsExactly(new PartitionMove("orders", 0, null, idA, 0),
                new PartitionMove("orders", 1, null, idA, 0), new PartitionMove("orders", 2, null, idA, 0));
        assertThat(stable.get(1).moves()).containsExactly(new PartitionMove("orders", 2, idA, idB, 500));
        assertThat(stable.get(2).moves()).containsExactly(new PartitionMove("orders", 2, idB, idA, 100));
        RebalanceEvent empty = events("g").get(14);
        assertThat(empty.detail()).isEqualTo("the group is empty");
        assertThat(empty.moves()).extracting(PartitionMove::from, PartitionMove::to, PartitionMove::unownedMs)
                .containsOnly(tuple(idA, null, -1L));
        assertThat(f.coordinator.timeline().group("g").rebalances()).isEqualTo(4);
    }

    @Test
    void shouldStartWithEmptyTimelineWhenRestartedOnSameLog() {
        // given
        JoinGroupResponseData a = f.joinNew("g").join();
        f.sync("g", a.memberId(), 1, Map.of(a.memberId(), assignment(0, 1, 2))).join();
        assertThat(events("g")).isNotEmpty();

        // when
        GroupFixture restarted = f.restarted();

        // then: the replayed generation is there, but no invented event
        assertThat(restarted.state("g")).isEqualTo("Stable");
        assertThat(restarted.coordinator.timeline().latest(10, 10)).isEmpty();
    }

    @Test
    void shouldKeepLatestEventsAndForgetOldestGroupWhenBoundsAreReached() {
        // given
        RebalanceTimeline timeline = new RebalanceTimeline(2, 3);

        // when
        for (int i = 0; i < 5; i++) {
            timeline.record("a", RebalanceEvent.of(i, Kind.EPOCH_CHANGED, null, i, ""));
        }
        timeline.record("b", RebalanceEvent.of(10, Kind.MEMBER_JOINED, "m", 0, ""));
        timeline.record("c", RebalanceEvent.of(11, Kind.MEMBER_JOINED, "m", 0, ""));

        // then
        assertThat(timeline.latest(10, 10)).extracting(RebalanceTimeline.GroupTimeline::groupId).containsExactly("c", "b");
        assertThat(timeline.group("a").events()).isEmpty();
        timeline.record("b", RebalanceEvent.of(12, Kind.MEMBER_LEFT, "m", 0, ""));
        timeline.record("b", RebalanceEvent.of(13, Kind.MEMBER_JOINED, "n", 0, ""));
        timeline.record("b", RebalanceEvent.of(14, Kind.GENERATION_CHANGED, null, 1, ""));
        assertThat(timeline.group("b").events()).extracting(RebalanceEvent::timeMs).containsExactly(14L, 13L, 12L);
        assertThat(timeline.group("b").rebalances()).isEqualTo(1);
    }
}
