package io.lanes.coordinator.group.timeline;

import java.util.List;

/**
 * One thing that happened to a group, as the coordinator applied it (never invented from records replayed at
 * start-up). Served as JSON: the enum as its name, lists as arrays, absent members as null.
 *
 * @param timeMs     when the coordinator applied it (broker clock, ms)
 * @param kind       what happened
 * @param memberId   the member it concerns, or null for group-wide events
 * @param generation the generation (classic) or group epoch (consumer) right after the event
 * @param detail     why, in words (for example "session timeout"); never null, may be empty
 * @param unownedMs  {@link Kind#GROUP_STABLE} of a classic group: ms from PreparingRebalance to Stable, during
 *                   which the group's partitions had no owner; -1 for other events
 * @param moved      how many partitions moved (may be more than {@code moves} holds)
 * @param moves      partitions that changed owner, at most {@link RebalanceTimeline#MAX_MOVES_PER_EVENT}
 */
public record RebalanceEvent(long timeMs, Kind kind, String memberId, int generation, String detail, long unownedMs,
                             int moved, List<PartitionMove> moves) {

    /** What happened. */
    public enum Kind {
        /** A member joined (classic: JoinGroup added it; consumer: first heartbeat with epoch 0). */
        MEMBER_JOINED,
        /** A member left on its own (LeaveGroup, or a heartbeat with epoch -1 / -2). */
        MEMBER_LEFT,
        /** The coordinator removed a member it had not heard from in time (session, join or sync deadline). */
        MEMBER_TIMED_OUT,
        /** A member was fenced: replaced by a new incarnation of its static instance, or too slow to revoke. */
        MEMBER_FENCED,
        /** A classic group entered PreparingRebalance. */
        REBALANCE_STARTED,
        /** A classic group moved to a new generation (CompletingRebalance, or Empty). */
        GENERATION_CHANGED,
        /** A consumer group's epoch was bumped (membership, subscriptions or subscribed topics changed). */
        EPOCH_CHANGED,
        /** A classic group became Stable with the leader's assignment; {@code moves} compares it to the last one. */
        GROUP_STABLE,
        /** Partitions of a consumer group changed owner (revoked by one member, owned by the next). */
        PARTITIONS_MOVED
    }

    public RebalanceEvent {
        detail = detail == null ? "" : detail;
        moves = List.copyOf(moves);
    }

    /** An event without partition moves. */
    public static RebalanceEvent of(long timeMs, Kind kind, String memberId, int generation, String detail) {
        return new RebalanceEvent(timeMs, kind, memberId, generation, detail, -1, 0, List.of());
    }

    /** An event with partition moves, listed by topic and partition and cut at the bound. */
    public static RebalanceEvent withMoves(long timeMs, Kind kind, String memberId, int generation, String detail,
                                           long unownedMs, List<PartitionMove> moves) {
        List<PartitionMove> sorted = new java.util.ArrayList<>(moves);
        sorted.sort(java.util.Comparator.comparing(PartitionMove::topic).thenComparingInt(PartitionMove::partition));
        List<PartitionMove> listed = sorted.size() > RebalanceTimeline.MAX_MOVES_PER_EVENT
                ? sorted.subList(0, RebalanceTimeline.MAX_MOVES_PER_EVENT) : sorted;
        return new RebalanceEvent(timeMs, kind, memberId, generation, detail, unownedMs, moves.size(), listed);
    }
}
