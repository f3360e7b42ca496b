package io.lanes.coordinator.group;

import io.lanes.coordinator.runtime.Scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The timers of the members of consumer (KIP-848) and streams (KIP-1071) groups, which are not state (a restart
 * starts them again from now): a session timer restarted by every heartbeat, and a rebalance timer that runs exactly
 * while a member owes a revocation, from the heartbeat that asked for it. When one fires, the {@link Expiry} decides
 * (under the shard lock) whether the member is removed. Used under the shard lock only.
 */
public final class MemberTimers {
    /** The epoch an {@link Expiry} gets for a session timeout (member epochs of revoking members are positive). */
    public static final int SESSION = Integer.MIN_VALUE;

    /** Called when a timer fires: {@code revokingEpoch} is {@link #SESSION}, or the epoch the member was revoking in. */
    public interface Expiry {
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

    public MemberTimers(GroupShard shard, int sessionTimeoutMs, Expiry expiry) {
        this.shard = shard;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.expiry = expiry;
    }

    private Timers of(String groupId, String memberId) {
        return timers.computeIfAbsent(groupId, g -> new HashMap<>()).computeIfAbsent(memberId, m -> new Timers());
    }

    /**
     * After a heartbeat (or loading): the session starts again; the rebalance timer runs while the member revokes,
     * started once per epoch it revokes in.
     *
     * @param revoking           whether the member owes a revocation
     * @param memberEpoch        the member's epoch
     * @param rebalanceTimeoutMs the member's rebalance timeout
     */
    public void afterHeartbeat(String groupId, String memberId, boolean revoking, int memberEpoch,
                               int rebalanceTimeoutMs) {
        scheduleSession(groupId, memberId);
        Timers t = of(groupId, memberId);
        if (!revoking) {
            cancelRebalance(groupId, memberId);
        } else if (t.rebalance == null || t.rebalanceEpoch != memberEpoch) {
            if (t.rebalance != null) {
                t.rebalance.cancel();
            }
            t.rebalanceEpoch = memberEpoch;
            t.rebalance = shard.schedule(Math.max(0, rebalanceTimeoutMs),
                    () -> expiry.expired(groupId, memberId, memberEpoch));
        }
    }

    /** Starts the member's session again. */
    public void scheduleSession(String groupId, String memberId) {
        Timers t = of(groupId, memberId);
        if (t.session != null) {
            t.session.cancel();
        }
        t.session = shard.schedule(sessionTimeoutMs, () -> expiry.expired(groupId, memberId, SESSION));
    }

    /** Stops the member's rebalance timer, if it runs. */
    public void cancelRebalance(String groupId, String memberId) {
        Map<String, Timers> byMember = timers.get(groupId);
        Timers t = byMember == null ? null : byMember.get(memberId);
        if (t != null && t.rebalance != null) {
            t.rebalance.cancel();
            t.rebalance = null;
        }
    }

    /** Stops both timers of a member that is gone. */
    public void cancel(String groupId, String memberId) {
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

    /** Stops the timers of every member of a group that is gone. */
    public void cancelGroup(String groupId) {
        Map<String, Timers> byMember = timers.get(groupId);
        if (byMember != null) {
            new ArrayList<>(byMember.keySet()).forEach(id -> cancel(groupId, id));
        }
    }
}
