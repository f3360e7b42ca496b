package io.lanes.coordinator.group;

import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.group.streams.StreamsGroupConfig;
import io.lanes.coordinator.group.timeline.RebalanceTimeline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The session and rebalance timers that consumer and streams group members share. */
class MemberTimersTest {
    private static final int SESSION_MS = 45_000;
    private static final int REBALANCE_MS = 30_000;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final GroupShard shard = GroupCoordinator.Shard.create(0, new MemoryLog(), scheduler,
            GroupConfig.defaults().withNumPartitions(1), ConsumerGroupConfig.defaults(), StreamsGroupConfig.defaults(),
            new FakeTopics(), (name, partitions, configs) -> { }, new RebalanceTimeline()).state();
    private final List<String> expired = new ArrayList<>();
    private final MemberTimers timers = new MemberTimers(shard, SESSION_MS,
            (group, member, epoch) -> expired.add(member + (epoch == MemberTimers.SESSION ? " session" : " epoch " + epoch)));

    @Test
    void shouldExpireTheSessionOnlyWhenNoHeartbeatRestartsItWithinTheTimeout() {
        // given
        shard.run(() -> timers.afterHeartbeat("g", "m1", false, 3, REBALANCE_MS));
        shard.run(() -> timers.afterHeartbeat("g", "m2", false, 3, REBALANCE_MS));

        // when m1 heartbeats again before its session is over, m2 does not
        scheduler.advance(SESSION_MS - 1);
        shard.run(() -> timers.afterHeartbeat("g", "m1", false, 3, REBALANCE_MS));
        scheduler.advance(1);

        // then
        assertThat(expired).containsExactly("m2 session");
        scheduler.advance(SESSION_MS);
        assertThat(expired).containsExactly("m2 session", "m1 session");
    }

    @Test
    void shouldRunTheRebalanceTimerFromTheFirstHeartbeatOfAnEpochWhileTheMemberRevokes() {
        // given a member revoking in epoch 4 that keeps heartbeating
        shard.run(() -> timers.afterHeartbeat("g", "m1", true, 4, REBALANCE_MS));
        scheduler.advance(REBALANCE_MS / 2);
        shard.run(() -> timers.afterHeartbeat("g", "m1", true, 4, REBALANCE_MS));

        // when the timeout counted from the first heartbeat is over
        scheduler.advance(REBALANCE_MS / 2);

        // then it fires once, with the epoch it was revoking in
        assertThat(expired).containsExactly("m1 epoch 4");
    }

    @Test
    void shouldStopTheTimersWhenTheMemberRevokedOrIsGone() {
        // given
        shard.run(() -> timers.afterHeartbeat("g", "m1", true, 4, REBALANCE_MS));
        shard.run(() -> timers.afterHeartbeat("g", "m2", true, 4, REBALANCE_MS));
        shard.run(() -> timers.afterHeartbeat("h", "m3", false, 1, REBALANCE_MS));

        // when m1 has revoked, m2 left, and group h is gone
        shard.run(() -> timers.afterHeartbeat("g", "m1", false, 4, REBALANCE_MS));
        shard.run(() -> timers.cancel("g", "m2"));
        shard.run(() -> timers.cancelGroup("h"));
        scheduler.advance(SESSION_MS - 1);

        // then nothing fired; m1's session still runs
        assertThat(expired).isEmpty();
        scheduler.advance(1);
        assertThat(expired).containsExactly("m1 session");
    }
}
