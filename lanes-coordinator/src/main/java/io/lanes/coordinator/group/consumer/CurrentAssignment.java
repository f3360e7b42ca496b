package io.lanes.coordinator.group.consumer;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;

import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Moves a member's current assignment towards its target (Kafka's {@code CurrentAssignmentBuilder}):
 * partitions leaving it are first revoked (its epoch stays until it acknowledges by reporting owned
 * partitions without them); then it gets the target epoch and the target partitions no other
 * member still holds.
 *
 * <p>Stateless; the group and member it is given are used under the shard lock.
 */
final class CurrentAssignment {
    private CurrentAssignment() {
    }

    /**
     * @param owned the partitions the member reported owning in this heartbeat, or null if it did not say
     */
    static void reconcile(ConsumerGroup group, ConsumerMember member, Map<Uuid, Set<Integer>> owned) {
        if (member.state == ConsumerMember.State.UNREVOKED_PARTITIONS) {
            if (owned == null || intersects(owned, member.pendingRevocation)) {
                return;
            }
            member.pendingRevocation = new TreeMap<>();
            member.state = ConsumerMember.State.STABLE;
        }
        if (member.memberEpoch == group.targetAssignmentEpoch && member.state == ConsumerMember.State.STABLE) {
            return;
        }
        Map<Uuid, Set<Integer>> target = group.targetAssignment.getOrDefault(member.memberId, Map.of());
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
        Map<Uuid, Set<Integer>> heldByOthers = null;
        for (Map.Entry<Uuid, Set<Integer>> e : target.entrySet()) {
            for (int p : e.getValue()) {
                if (ConsumerMember.contains(kept, e.getKey(), p)) {
                    continue;
                }
                if (heldByOthers == null) {
                    heldByOthers = heldByOthers(group, member);
                }
                if (ConsumerMember.contains(heldByOthers, e.getKey(), p)) {
                    unreleased = true;
                } else {
                    ConsumerMember.add(next, e.getKey(), p);
                }
            }
        }
        member.assigned = next;
        if (member.memberEpoch != group.targetAssignmentEpoch) {
            member.previousMemberEpoch = member.memberEpoch;
            member.memberEpoch = group.targetAssignmentEpoch;
        }
        member.state = unreleased ? ConsumerMember.State.UNRELEASED_PARTITIONS : ConsumerMember.State.STABLE;
    }

    /** Partitions other members still own or are revoking: one pass over the group, not one per partition. */
    private static Map<Uuid, Set<Integer>> heldByOthers(ConsumerGroup group, ConsumerMember member) {
        Map<Uuid, Set<Integer>> held = new HashMap<>();
        for (ConsumerMember other : group.members.values()) {
            if (other != member) {
                other.assigned.forEach((id, parts) -> parts.forEach(p -> ConsumerMember.add(held, id, p)));
                other.pendingRevocation.forEach((id, parts) -> parts.forEach(p -> ConsumerMember.add(held, id, p)));
            }
        }
        return held;
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
