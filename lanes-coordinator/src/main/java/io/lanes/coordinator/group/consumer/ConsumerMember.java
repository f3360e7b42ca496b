package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.group.records.ConsumerGroupRecords;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A member of a consumer group (KIP-848). Its reconciliation state follows Kafka's:
 * STABLE (owns its target at the target epoch), UNREVOKED_PARTITIONS (must acknowledge the
 * revocation of {@link #pendingRevocation} before it moves on; its epoch stays) and
 * UNRELEASED_PARTITIONS (at the target epoch, waiting for partitions other members still own).
 * The ordinals are Kafka's MemberState values, as written in its current assignment record.
 *
 * <p>The member of a live group changes only by replaying its records ({@link #apply}); operations work on a
 * {@link #copy}. Not thread-safe: used under the shard lock.
 */
public final class ConsumerMember {
    public enum State { STABLE, UNREVOKED_PARTITIONS, UNRELEASED_PARTITIONS }

    final String memberId;
    String instanceId;
    String rackId;
    String clientId = "";
    String clientHost = "";
    /** The topic names it subscribed to, sorted. */
    List<String> subscribedTopics = new ArrayList<>();
    /** The regular expression (RE2/J syntax) it subscribed to, or null. */
    String subscribedTopicRegex;
    String serverAssignor;
    int rebalanceTimeoutMs = -1;
    int memberEpoch;
    int previousMemberEpoch = -1;
    State state = State.STABLE;
    Map<Uuid, Set<Integer>> assigned = new TreeMap<>();
    Map<Uuid, Set<Integer>> pendingRevocation = new TreeMap<>();
    /**
     * The member epoch at which each partition it owns (assigned or pending revocation) became
     * its own: as its current assignment record says (Kafka 4.4 writes the epochs), else derived while
     * replaying its assignments: a partition it kept keeps its epoch, a new one takes the epoch of the
     * assignment that gave it (an older record read after a restart from a compacted log gives only the
     * last assignment, so every partition then counts from its epoch: stricter, never looser).
     * Replaced, never changed in place.
     */
    Map<TopicIdPartition, Integer> ownedSince = Map.of();

    ConsumerMember(String memberId) {
        this.memberId = memberId;
    }

    public String memberId() {
        return memberId;
    }

    public int memberEpoch() {
        return memberEpoch;
    }

    /** A copy to work on (collections are replaced, never changed in place, so they are shared). */
    ConsumerMember copy() {
        ConsumerMember m = new ConsumerMember(memberId);
        m.apply(metadata());
        m.apply(currentAssignment());
        m.ownedSince = ownedSince;
        return m;
    }

    /** A copy of {@code previous} under a new member id: a static member's new incarnation (epoch 0). */
    static ConsumerMember replacing(ConsumerMember previous, String memberId) {
        ConsumerMember member = new ConsumerMember(memberId);
        member.apply(previous.metadata());
        member.clientId = "";
        member.clientHost = "";
        member.memberEpoch = 0;
        member.previousMemberEpoch = 0;
        member.assigned = copy(previous.assigned);
        // its partitions keep the epochs they had (0 once the previous incarnation left for now), as in Kafka
        member.ownedSince = previous.ownedSince;
        return member;
    }

    /** What its ConsumerGroupMemberMetadata record holds. */
    ConsumerGroupRecords.Member metadata() {
        return new ConsumerGroupRecords.Member(instanceId, rackId, clientId, clientHost, subscribedTopics,
                subscribedTopicRegex, rebalanceTimeoutMs, serverAssignor);
    }

    /**
     * What its ConsumerGroupCurrentMemberAssignment record holds. A partition it did not own before (in
     * {@link #ownedSince}) was assigned at its current epoch: new partitions come only with the target's epoch.
     */
    ConsumerGroupRecords.CurrentAssignment currentAssignment() {
        return new ConsumerGroupRecords.CurrentAssignment(memberEpoch, previousMemberEpoch, (byte) state.ordinal(),
                assigned, pendingRevocation, ConsumerGroupRecords.assignmentEpochs(assigned, pendingRevocation,
                (topicId, index) -> ownedSince.getOrDefault(new TopicIdPartition(topicId, index), memberEpoch)));
    }

    /**
     * Forgets when it got its partitions: every one counts from epoch 0, as Kafka 4.4 records for a static member
     * that left for now (epoch -2).
     */
    void resetAssignmentEpochs() {
        Map<TopicIdPartition, Integer> reset = new HashMap<>();
        ownedSince.keySet().forEach(partition -> reset.put(partition, 0));
        ownedSince = reset;
    }

    void apply(ConsumerGroupRecords.Member m) {
        instanceId = m.instanceId();
        rackId = m.rackId();
        clientId = m.clientId();
        clientHost = m.clientHost();
        subscribedTopics = List.copyOf(m.subscribedTopicNames());
        subscribedTopicRegex = m.subscribedTopicRegex();
        rebalanceTimeoutMs = m.rebalanceTimeoutMs();
        serverAssignor = m.serverAssignor();
    }

    void apply(ConsumerGroupRecords.CurrentAssignment a) {
        memberEpoch = a.memberEpoch();
        previousMemberEpoch = a.previousMemberEpoch();
        state = a.state() >= 0 && a.state() < State.values().length ? State.values()[a.state()] : State.STABLE;
        Map<TopicIdPartition, Integer> previouslyOwnedSince = ownedSince;
        assigned = copy(a.assigned());
        pendingRevocation = copy(a.pendingRevocation());
        Map<TopicIdPartition, Integer> owned = new HashMap<>();
        for (Map<Uuid, Set<Integer>> partitions : List.of(assigned, pendingRevocation)) {
            partitions.forEach((topicId, indexes) -> indexes.forEach(index -> {
                TopicIdPartition partition = new TopicIdPartition(topicId, index);
                Integer recorded = a.assignmentEpochs().getOrDefault(topicId, Map.of()).get(index);
                owned.put(partition, recorded != null ? recorded
                        : previouslyOwnedSince.getOrDefault(partition, memberEpoch));
            }));
        }
        ownedSince = owned;
    }

    /** The member epoch since which it owns the partition, or null if it does not own it. */
    Integer ownedSince(Uuid topicId, int partition) {
        return ownedSince.get(new TopicIdPartition(topicId, partition));
    }

    /** A partition named by its topic's id. */
    record TopicIdPartition(Uuid topicId, int partition) {
    }

    static Map<Uuid, Set<Integer>> copy(Map<Uuid, Set<Integer>> in) {
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        in.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, new TreeSet<>(v));
            }
        });
        return out;
    }

    static boolean contains(Map<Uuid, Set<Integer>> map, Uuid topic, int partition) {
        Set<Integer> set = map.get(topic);
        return set != null && set.contains(partition);
    }

    static void add(Map<Uuid, Set<Integer>> map, Uuid topic, int partition) {
        map.computeIfAbsent(topic, t -> new TreeSet<>()).add(partition);
    }
}
