package io.lanes.coordinator.group;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.lanes.coordinator.group.GroupFixture.REBALANCE_MS;
import static io.lanes.coordinator.group.GroupFixture.SESSION_MS;
import static org.assertj.core.api.Assertions.assertThat;

/** The classic group state machine on a manual clock. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClassicGroupTest {
    private final GroupFixture f = GroupFixture.started();

    /** Brings one dynamic member to Stable and returns its join response. */
    private JoinGroupResponseData stableSingleMember(String group) {
        CompletableFuture<JoinGroupResponseData> join = f.joinNew(group);
        f.scheduler.runDue();
        JoinGroupResponseData joined = join.join();
        f.sync(group, joined.memberId(), joined.generationId(), Map.of(joined.memberId(), new byte[]{1})).join();
        return joined;
    }

    @Test
    void shouldRequireMemberIdWhenFirstJoinHasNone() {
        // when
        JoinGroupResponseData first = f.join("g", "", null).join();

        // then
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).startsWith("client-");
        assertThat(f.state("g")).isEqualTo("Empty");
    }

    @Test
    void shouldElectFirstMemberAsLeaderWhenJoinPhaseCompletes() {
        // given
        JoinGroupResponseData pending = f.join("g", "", null).join();
        CompletableFuture<JoinGroupResponseData> join = f.join("g", pending.memberId(), null);
        assertThat(f.state("g")).isEqualTo("PreparingRebalance");

        // when
        f.scheduler.runDue();

        // then
        JoinGroupResponseData joined = join.join();
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(joined.memberId());
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(joined.members()).hasSize(1);
        assertThat(f.state("g")).isEqualTo("CompletingRebalance");
    }

    @Test
    void shouldBecomeStableWithAssignmentWhenLeaderSyncs() {
        // given
        JoinGroupResponseData joined = f.joinNew("g").join();

        // when
        SyncGroupResponseData synced = f.sync("g", joined.memberId(), 1, Map.of(joined.memberId(), new byte[]{7})).join();

        // then
        assertThat(Errors.forCode(synced.errorCode())).isEqualTo(Errors.NONE);
        assertThat(synced.assignment()).containsExactly(7);
        assertThat(f.state("g")).isEqualTo("Stable");
        assertThat(f.heartbeat("g", joined.memberId(), null, 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldBumpGenerationAndAnswerFollowerWithoutMembersWhenSecondMemberJoins() {
        // given
        JoinGroupResponseData leader = stableSingleMember("g");

        // when
        CompletableFuture<JoinGroupResponseData> follower = f.joinNew("g");
        assertThat(f.heartbeat("g", leader.memberId(), null, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        CompletableFuture<JoinGroupResponseData> leaderRejoin = f.join("g", leader.memberId(), null);

        // then
        assertThat(leaderRejoin.join().generationId()).isEqualTo(2);
        assertThat(leaderRejoin.join().members()).hasSize(2);
        assertThat(follower.join().generationId()).isEqualTo(2);
        assertThat(follower.join().leader()).isEqualTo(leader.memberId());
        assertThat(follower.join().members()).isEmpty();
    }

    @Test
    void shouldParkFollowerSyncUntilLeaderSyncs() {
        // given
        JoinGroupResponseData leader = stableSingleMember("g");
        CompletableFuture<JoinGroupResponseData> follower = f.joinNew("g");
        f.join("g", leader.memberId(), null).join();
        String followerId = follower.join().memberId();

        // when
        CompletableFuture<SyncGroupResponseData> followerSync = f.sync("g", followerId, 2, Map.of());
        assertThat(followerSync).isNotDone();
        f.sync("g", leader.memberId(), 2, Map.of(leader.memberId(), new byte[]{1}, followerId, new byte[]{2})).join();

        // then
        assertThat(followerSync.join().assignment()).containsExactly(2);
        assertThat(f.heartbeat("g", followerId, null, 1)).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void shouldRemoveMemberAndEmptyGroupWhenSessionExpires() {
        // given
        stableSingleMember("g");

        // when
        f.scheduler.advance(SESSION_MS + 1);

        // then
        assertThat(f.state("g")).isEqualTo("Empty");
    }

    @Test
    void shouldKeepMemberWhenItHeartbeatsWithinSessionTimeout() {
        // given
        JoinGroupResponseData joined = stableSingleMember("g");

        // when
        for (int i = 0; i < 5; i++) {
            f.scheduler.advance(SESSION_MS / 2);
            assertThat(f.heartbeat("g", joined.memberId(), null, 1)).isEqualTo(Errors.NONE);
        }

        // then
        assertThat(f.state("g")).isEqualTo("Stable");
    }

    @Test
    void shouldRemoveMembersThatDoNotRejoinWithinRebalanceTimeout() {
        // given
        JoinGroupResponseData leader = stableSingleMember("g");
        CompletableFuture<JoinGroupResponseData> follower = f.joinNew("g");

        // when: the leader keeps heartbeating but never rejoins
        for (int t = 0; t < REBALANCE_MS; t += 5000) {
            f.scheduler.advance(5000);
            f.heartbeat("g", leader.memberId(), null, 1);
        }
        f.scheduler.advance(1);

        // then
        JoinGroupResponseData joined = follower.join();
        assertThat(joined.generationId()).isEqualTo(2);
        assertThat(joined.leader()).isEqualTo(joined.memberId());
        assertThat(f.heartbeat("g", leader.memberId(), null, 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void shouldNotRebalanceWhenStaticMemberRestartsAndFenceOldMemberId() {
        // given
        CompletableFuture<JoinGroupResponseData> join = f.join("g", "", "instance-1");
        f.scheduler.runDue();
        JoinGroupResponseData first = join.join();
        f.sync("g", first.memberId(), 1, Map.of(first.memberId(), new byte[]{5})).join();

        // when
        JoinGroupResponseData rejoined = f.join("g", "", "instance-1").join();

        // then
        assertThat(rejoined.generationId()).isEqualTo(1);
        assertThat(rejoined.memberId()).isNotEqualTo(first.memberId());
        assertThat(f.state("g")).isEqualTo("Stable");
        assertThat(f.sync("g", rejoined.memberId(), 1, Map.of()).join().assignment()).containsExactly(5);
        assertThat(f.heartbeat("g", first.memberId(), "instance-1", 1)).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(f.heartbeat("g", rejoined.memberId(), "instance-1", 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldRebalanceRemainingMemberWhenOneLeaves() {
        // given
        JoinGroupResponseData leader = stableSingleMember("g");
        CompletableFuture<JoinGroupResponseData> follower = f.joinNew("g");
        f.join("g", leader.memberId(), null).join();
        String followerId = follower.join().memberId();
        f.sync("g", leader.memberId(), 2, Map.of()).join();

        // when
        LeaveGroupResponseData left = f.coordinator.leaveGroup(GroupFixture.info(ApiKeys.LEAVE_GROUP),
                new LeaveGroupRequestData().setGroupId("g").setMembers(List.of(
                        new MemberIdentity().setMemberId(followerId),
                        new MemberIdentity().setMemberId("nobody"))));

        // then
        assertThat(left.members()).extracting(m -> Errors.forCode(m.errorCode()))
                .containsExactly(Errors.NONE, Errors.UNKNOWN_MEMBER_ID);
        assertThat(f.heartbeat("g", leader.memberId(), null, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        JoinGroupResponseData alone = f.join("g", leader.memberId(), null).join();
        assertThat(alone.generationId()).isEqualTo(3);
        assertThat(alone.members()).hasSize(1);
    }

    @Test
    void shouldSelectProtocolEveryMemberSupportsWhenPreferencesDiffer() {
        // given
        CompletableFuture<JoinGroupResponseData> a = f.join("g", "", "a", "cooperative-sticky", "range");
        CompletableFuture<JoinGroupResponseData> b = f.join("g", "", "b", "roundrobin", "range");

        // when
        f.scheduler.runDue();

        // then
        assertThat(a.join().protocolName()).isEqualTo("range");
        assertThat(b.join().protocolName()).isEqualTo("range");
        assertThat(Errors.forCode(f.join("g", "", "c", "sticky").join().errorCode()))
                .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void shouldWaitForMoreMembersWhenInitialRebalanceDelayIsSet() {
        // given
        GroupFixture delayed = new GroupFixture(GroupConfig.defaults().withNumPartitions(1), new MemoryLog(), Map.of());
        delayed.coordinator.finishLoading();
        CompletableFuture<JoinGroupResponseData> a = delayed.join("g", "", "a");

        // when
        delayed.scheduler.advance(2000);
        CompletableFuture<JoinGroupResponseData> b = delayed.join("g", "", "b");
        delayed.scheduler.advance(1000);
        assertThat(a).isNotDone();
        delayed.scheduler.advance(3000);

        // then
        assertThat(a.join().generationId()).isEqualTo(1);
        assertThat(a.join().members()).hasSize(2);
        assertThat(b.join().generationId()).isEqualTo(1);
    }
}
