package io.lanes.coordinator.group.consumer;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Moves a member's current assignment towards its target (Kafka's {@code CurrentAssignmentBuilder}):
 * partitions leaving it are first revoked (its epoch stays until it acknowledges by reporting owned
 * partitions without them); then it gets the target epoch and the target partitions no other
 * member still holds.
 *
 * <p>Stateless; it changes only the member copy it is given (the live member changes when the record is replayed).
 */
final class CurrentAssignment {
    private CurrentAssignment() {
    }

    /**
     * @param targetEpoch  the target assignment epoch
     * @param target       the member's target partitions
     * @param member       a copy of the member, moved towards its target
     * @param owned        the partitions the member reported owning in this heartbeat, or null if it did not say
     * @param heldByOthers whether another member owns or is revoking a partition (asked only when the member gets
     *                     more partitions)
     */
    static void reconcile(int targetEpoch, Map<Uuid, Set<Integer>> target, ConsumerMember member,
                          Map<Uuid, Set<Integer>> owned, BiPredicate<Uuid, Integer> heldByOthers) {
        if (member.state == ConsumerMember.State.UNREVOKED_PARTITIONS) {
            if (owned == null || intersects(owned, member.pendingRevocation)) {
                return;
            }
            member.pendingRevocation = new TreeMap<>();
            member.state = ConsumerMember.State.STABLE;
        }
        if (member.memberEpoch == targetEpoch && member.state == ConsumerMember.State.STABLE) {
            return;
        }
        Map<Uuid, Set<Integer>> kept = new TreeMap<>();
        Map<Uuid, Set<Integer>> revoking = new TreeMap<>();
        member.assigned.forEach((id, parts) -> parts.forEach(p ->
                ConsumerMember.add(ConsumerMember.contains(target, id, p) ? kept : revoking, id, p)));
        if (!revoking.isEmpty()) {
            member.assigned = kept;
            member.pendingRevocation = revoking;
            member.state = ConsumerMember.State.UNREVOKED_PARTITIONS;
            return;
        }
        boolean unreleased = false;
        Map<Uuid, Set<Integer>> next = ConsumerMember.copy(kept);
        for (Map.Entry<Uuid, Set<Integer>> e : target.entrySet()) {
            for (int p : e.getValue()) {
                if (ConsumerMember.contains(kept, e.getKey(), p)) {
                    continue;
                }
                if (heldByOthers.test(e.getKey(), p)) {
                    unreleased = true;
                } else {
                    ConsumerMember.add(next, e.getKey(), p);
                }
            }
        }
        member.assigned = next;
        if (member.memberEpoch != targetEpoch) {
            member.previousMemberEpoch = member.memberEpoch;
            member.memberEpoch = targetEpoch;
        }
        member.state = unreleased ? ConsumerMember.State.UNRELEASED_PARTITIONS : ConsumerMember.State.STABLE;
    }

    private static boolean intersects(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        for (Map.Entry<Uuid, Set<Integer>> e : a.entrySet()) {
            for (int p : e.getValue()) {
                if (ConsumerMember.contains(b, e.getKey(), p)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isSubset(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        for (Map.Entry<Uuid, Set<Integer>> e : a.entrySet()) {
            for (int p : e.getValue()) {
                if (!ConsumerMember.contains(b, e.getKey(), p)) {
                    return false;
                }
            }
        }
        return true;
    }

    static Map<Uuid, Set<Integer>> toMap(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> list) {
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        for (var tp : list) {
            for (int p : tp.partitions()) {
                ConsumerMember.add(out, tp.topicId(), p);
            }
        }
        return out;
    }
}
