package io.lanes.coordinator.share;

import io.lanes.coordinator.group.TopicLookup;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Share group membership and assignment (ShareGroupHeartbeat, KIP-932). A member joins with epoch 0 and its
 * subscribed topics, heartbeats with the epoch it was given, leaves with epoch -1, and is removed when it has not
 * heartbeated for the session timeout. Every change of membership, subscriptions or partition counts bumps the group
 * epoch and recomputes the assignment, as Kafka's simple assignor does: with no more members than partitions each
 * partition goes to one member (round robin); with more members than partitions, members share partitions (member
 * i reads partition i mod P), since several consumers may read one share-partition.
 *
 * <p>Membership is not durable: after a restart members get UNKNOWN_MEMBER_ID and join again (the consumer does
 * that by itself); what they had acquired was released by the restart anyway. Thread-safe (one lock).
 */
public final class ShareGroups {
    /** Kafka's group.share.heartbeat.interval.ms and group.share.session.timeout.ms. */
    public record Config(int heartbeatIntervalMs, int sessionTimeoutMs, int maxSize) {
        public static final Config DEFAULTS = new Config(5_000, 45_000, 200);
    }

    /** The answer to a heartbeat, and the members that left the group (their acquisitions must be released). */
    public record Heartbeat(Errors error, String memberId, int memberEpoch, int heartbeatIntervalMs,
                            Map<Uuid, List<Integer>> assignment, List<String> departed) {
    }

    /** One member as ShareGroupDescribe shows it. */
    public record MemberView(String memberId, int memberEpoch, String rackId, String clientId, String clientHost,
                             List<String> subscribedTopics, Map<Uuid, List<Integer>> assignment) {
    }

    /** One group as ShareGroupDescribe shows it. */
    public record GroupView(String groupId, int groupEpoch, List<MemberView> members) {
    }

    private static final class Member {
        final String id;
        int epoch;
        String rackId;
        String clientId;
        String clientHost;
        List<String> subscribed = List.of();
        long lastHeartbeatMs;
        Map<Uuid, List<Integer>> assignment = Map.of();

        Member(String id) {
            this.id = id;
        }
    }

    private static final class Group {
        int epoch;
        final LinkedHashMap<String, Member> members = new LinkedHashMap<>();
    }

    private final Config config;
    private final TopicLookup topics;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    public ShareGroups(Config config, TopicLookup topics) {
        this.config = config;
        this.topics = topics;
    }

    public synchronized Heartbeat heartbeat(String groupId, String memberId, int memberEpoch, String rackId,
                                            List<String> subscribedTopics, String clientId, String clientHost,
                                            long nowMs) {
        if (groupId == null || groupId.isEmpty() || memberId == null || memberId.isEmpty()) {
            return error(Errors.INVALID_REQUEST, memberId);
        }
        Group group = groups.get(groupId);
        List<String> departed = new ArrayList<>();
        if (group != null) {
            departed.addAll(expire(group, nowMs));
        }
        if (memberEpoch == -1) {
            if (group != null && group.members.remove(memberId) != null) {
                departed.add(memberId);
                rebalance(group, true);
            }
            return new Heartbeat(Errors.NONE, memberId, -1, config.heartbeatIntervalMs(), Map.of(), departed);
        }
        Member member = group == null ? null : group.members.get(memberId);
        if (memberEpoch == 0) {
            if (subscribedTopics == null || subscribedTopics.isEmpty()) {
                return error(Errors.INVALID_REQUEST, memberId);
            }
            if (group == null) {
                group = new Group();
                groups.put(groupId, group);
            }
            if (member == null) {
                if (group.members.size() >= config.maxSize()) {
                    return error(Errors.GROUP_MAX_SIZE_REACHED, memberId);
                }
                member = new Member(memberId);
                group.members.put(memberId, member);
            }
        } else if (member == null) {
            return error(Errors.UNKNOWN_MEMBER_ID, memberId);
        } else if (memberEpoch != member.epoch) {
            return error(Errors.FENCED_MEMBER_EPOCH, memberId);
        }
        boolean changed = memberEpoch == 0;
        if (subscribedTopics != null && !subscribedTopics.equals(member.subscribed)) {
            member.subscribed = List.copyOf(subscribedTopics);
            changed = true;
        }
        member.rackId = rackId;
        member.clientId = clientId;
        member.clientHost = clientHost;
        member.lastHeartbeatMs = nowMs;
        rebalance(group, changed || !departed.isEmpty());
        return new Heartbeat(Errors.NONE, memberId, member.epoch, config.heartbeatIntervalMs(), member.assignment,
                departed);
    }

    /** Removes the members of every group whose session timed out; returns them by group. */
    public synchronized Map<String, List<String>> expireMembers(long nowMs) {
        Map<String, List<String>> departed = new TreeMap<>();
        groups.forEach((groupId, group) -> {
            List<String> gone = expire(group, nowMs);
            if (!gone.isEmpty()) {
                departed.put(groupId, gone);
                rebalance(group, true);
            }
        });
        return departed;
    }

    /** True if the member is in the group now. */
    public synchronized boolean isMember(String groupId, String memberId) {
        Group group = groups.get(groupId);
        return group != null && group.members.containsKey(memberId);
    }

    /** True if the group has members now (its offsets cannot be altered or deleted then). */
    public synchronized boolean hasMembers(String groupId) {
        Group group = groups.get(groupId);
        return group != null && !group.members.isEmpty();
    }

    /** True if a share group of this id exists (it has or had members since the broker started). */
    public synchronized boolean exists(String groupId) {
        return groups.containsKey(groupId);
    }

    public synchronized List<String> groupIds() {
        return List.copyOf(groups.keySet());
    }

    /** The group as ShareGroupDescribe shows it, or null if there is none. */
    public synchronized GroupView describe(String groupId) {
        Group group = groups.get(groupId);
        if (group == null) {
            return null;
        }
        List<MemberView> members = new ArrayList<>();
        for (Member m : group.members.values()) {
            members.add(new MemberView(m.id, m.epoch, m.rackId, m.clientId, m.clientHost, m.subscribed, m.assignment));
        }
        return new GroupView(groupId, group.epoch, members);
    }

    private List<String> expire(Group group, long nowMs) {
        List<String> gone = new ArrayList<>();
        for (Iterator<Member> it = group.members.values().iterator(); it.hasNext(); ) {
            Member member = it.next();
            if (nowMs - member.lastHeartbeatMs >= config.sessionTimeoutMs()) {
                it.remove();
                gone.add(member.id);
            }
        }
        return gone;
    }

    /** Recomputes the assignment; bumps the epoch if something changed (or {@code changed} says so). */
    private void rebalance(Group group, boolean changed) {
        Map<String, Map<Uuid, List<Integer>>> target = assign(group);
        for (Member member : group.members.values()) {
            if (!target.get(member.id).equals(member.assignment)) {
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        group.epoch++;
        for (Member member : group.members.values()) {
            member.assignment = target.get(member.id);
            member.epoch = group.epoch;
        }
    }

    private Map<String, Map<Uuid, List<Integer>>> assign(Group group) {
        Map<String, Map<Uuid, List<Integer>>> target = new LinkedHashMap<>();
        Map<String, List<String>> subscribers = new TreeMap<>();
        for (Member member : group.members.values()) {
            target.put(member.id, new TreeMap<>());
            for (String topic : member.subscribed) {
                subscribers.computeIfAbsent(topic, t -> new ArrayList<>()).add(member.id);
            }
        }
        subscribers.forEach((topic, members) -> {
            int partitions = topics.partitionCount(topic);
            Uuid id = topics.topicId(topic);
            if (partitions <= 0 || Uuid.ZERO_UUID.equals(id)) {
                return;
            }
            if (members.size() <= partitions) {
                for (int p = 0; p < partitions; p++) {
                    target.get(members.get(p % members.size())).computeIfAbsent(id, t -> new ArrayList<>()).add(p);
                }
            } else {
                for (int i = 0; i < members.size(); i++) {
                    target.get(members.get(i)).computeIfAbsent(id, t -> new ArrayList<>()).add(i % partitions);
                }
            }
        });
        return target;
    }

    private Heartbeat error(Errors error, String memberId) {
        return new Heartbeat(error, memberId, 0, 0, Map.of(), List.of());
    }
}
