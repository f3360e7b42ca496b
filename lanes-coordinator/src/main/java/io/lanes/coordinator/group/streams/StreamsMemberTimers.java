package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.runtime.Scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The timers of streams group members, which are not state (a restart starts them again from now): a session timer
 * restarted by every heartbeat, and a rebalance timer that runs exactly while a member owes a revocation, from the
 * heartbeat that asked for it. When one fires, the {@link Expiry} decides (under the shard lock) whether the member
 * is removed. Used under the shard lock only.
 */
final class StreamsMemberTimers {
    /** The epoch an {@link Expiry} gets for a session timeout (member epochs of revoking members are positive). */
    static final int SESSION = Integer.MIN_VALUE;

    /** Called when a timer fires: {@code revokingEpoch} is {@link #SESSION}, or the epoch the member was revoking in. */
    interface Expiry {
        void expired(String groupId, String memberId, int revokingEpoch);
    }

    private static final class Timers {
        Scheduler.Task session;
        Scheduler.Task rebalance;
        int rebalanceEpoch;
    }

    private final GroupShard shard;
    private final int sessionTimeoutMs;
    private final Expiry expiry;
    private final Map<String, Map<String, Timers>> timers = new HashMap<>();

    StreamsMemberTimers(GroupShard shard, int sessionTimeoutMs, Expiry expiry) {
        this.shard = shard;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.expiry = expiry;
    }

    private Timers of(String groupId, String memberId) {
        return timers.computeIfAbsent(groupId, g -> new HashMap<>()).computeIfAbsent(memberId, m -> new Timers());
    }

    /** After a heartbeat (or loading): the session starts again; the rebalance timer runs while revoking. */
    void afterHeartbeat(String groupId, StreamsMember member) {
        scheduleSession(groupId, member.memberId);
        Timers t = of(groupId, member.memberId);
        if (member.state != StreamsMember.State.UNREVOKED_TASKS) {
            if (t.rebalance != null) {
                t.rebalance.cancel();
                t.rebalance = null;
            }
        } else if (t.rebalance == null || t.rebalanceEpoch != member.memberEpoch) {
            if (t.rebalance != null) {
                t.rebalance.cancel();
            }
            int epoch = member.memberEpoch;
            String memberId = member.memberId;
            t.rebalanceEpoch = epoch;
            t.rebalance = shard.schedule(Math.max(0, member.rebalanceTimeoutMs),
                    () -> expiry.expired(groupId, memberId, epoch));
        }
    }

    void scheduleSession(String groupId, String memberId) {
        Timers t = of(groupId, memberId);
        if (t.session != null) {
            t.session.cancel();
        }
        t.session = shard.schedule(sessionTimeoutMs, () -> expiry.expired(groupId, memberId, SESSION));
    }

    void cancel(String groupId, String memberId) {
        Map<String, Timers> byMember = timers.get(groupId);
        Timers t = byMember == null ? null : byMember.remove(memberId);
        if (t != null) {
            if (t.session != null) {
                t.session.cancel();
            }
            if (t.rebalance != null) {
                t.rebalance.cancel();
            }
        }
        if (byMember != null && byMember.isEmpty()) {
            timers.remove(groupId);
        }
    }

    void cancelGroup(String groupId) {
        Map<String, Timers> byMember = timers.get(groupId);
        if (byMember != null) {
            new ArrayList<>(byMember.keySet()).forEach(id -> cancel(groupId, id));
        }
    }
}
