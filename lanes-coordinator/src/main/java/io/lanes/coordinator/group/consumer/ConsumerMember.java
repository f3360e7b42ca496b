package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.runtime.Scheduler;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
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
 *
 * <p>Not thread-safe: used under the shard lock.
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
    Scheduler.Task sessionTimer;
    /** Runs out if the member does not acknowledge a revocation within its rebalance timeout. */
    Scheduler.Task rebalanceTimer;

    ConsumerMember(String memberId) {
        this.memberId = memberId;
    }

    public String memberId() {
        return memberId;
    }

    public int memberEpoch() {
        return memberEpoch;
    }

    /** A copy of {@code previous} under a new member id: a static member's new incarnation (epoch 0). */
    static ConsumerMember replacing(ConsumerMember previous, String memberId) {
        ConsumerMember member = new ConsumerMember(memberId);
        member.instanceId = previous.instanceId;
        member.rackId = previous.rackId;
        member.subscribedTopics = new ArrayList<>(previous.subscribedTopics);
        member.subscribedTopicRegex = previous.subscribedTopicRegex;
        member.serverAssignor = previous.serverAssignor;
        member.rebalanceTimeoutMs = previous.rebalanceTimeoutMs;
        member.memberEpoch = 0;
        member.previousMemberEpoch = 0;
        member.assigned = copy(previous.assigned);
        return member;
    }

    void cancelTimers() {
        if (sessionTimer != null) {
            sessionTimer.cancel();
            sessionTimer = null;
        }
        cancelRebalanceTimer();
    }

    void cancelRebalanceTimer() {
        if (rebalanceTimer != null) {
            rebalanceTimer.cancel();
            rebalanceTimer = null;
        }
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
