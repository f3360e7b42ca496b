package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.RequestInfo;
import io.lanes.coordinator.group.TopicLookup;
import io.lanes.coordinator.group.classic.ClassicGroup;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnsupportedAssignorException;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * KIP-848 consumer groups of one shard: ConsumerGroupHeartbeat (join, epochs, target
 * assignment, reconciliation with revoke-before-assign, leave), session timeouts,
 * ConsumerGroupDescribe and replay of the group snapshots.
 *
 * <p>Each change rewrites the group's snapshot record; the heartbeat is answered once it is
 * durable. Runs under the shard lock.
 */
public final class ConsumerGroups {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroups.class);
    private static final int LEAVE_EPOCH = -1;
    private static final int STATIC_LEAVE_EPOCH = -2;

    private final GroupShard shard;
    private final TopicLookup topics;
    private final ConsumerGroupConfig config;

    public ConsumerGroups(GroupShard shard, TopicLookup topics, ConsumerGroupConfig config) {
        this.shard = shard;
        this.topics = topics;
        this.config = config;
    }

    private ConsumerGroup group(String groupId) {
        Group group = shard.group(groupId);
        return group instanceof ConsumerGroup consumer ? consumer : null;
    }

    // ---- heartbeat ----

    public CompletableFuture<ConsumerGroupHeartbeatResponseData> heartbeat(RequestInfo info,
                                                                          ConsumerGroupHeartbeatRequestData request) {
        try {
            return doHeartbeat(info, request);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData()
                    .setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage()));
        }
    }

    private void validate(ConsumerGroupHeartbeatRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            throw new InvalidRequestException("GroupId can't be empty.");
        }
        if (request.instanceId() != null && request.instanceId().isEmpty()) {
            throw new InvalidRequestException("InstanceId can't be empty.");
        }
        if (request.rackId() != null && request.rackId().isEmpty()) {
            throw new InvalidRequestException("RackId can't be empty.");
        }
        if (request.subscribedTopicRegex() != null) {
            throw new InvalidRequestException("SubscribedTopicRegex is not supported by this broker yet.");
        }
        if (request.memberEpoch() == 0) {
            if (request.rebalanceTimeoutMs() == -1) {
                throw new InvalidRequestException("RebalanceTimeoutMs must be provided in first request.");
            }
            if (request.topicPartitions() == null || !request.topicPartitions().isEmpty()) {
                throw new InvalidRequestException("TopicPartitions must be empty when (re-)joining.");
            }
            if (request.subscribedTopicNames() == null) {
                throw new InvalidRequestException("SubscribedTopicNames must be set in first request.");
            }
        } else if (request.memberEpoch() > 0 || request.memberEpoch() == LEAVE_EPOCH
                || request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            if (request.memberId() == null || request.memberId().isEmpty()) {
                throw new InvalidRequestException("MemberId can't be empty.");
            }
            if (request.memberEpoch() == STATIC_LEAVE_EPOCH && request.instanceId() == null) {
                throw new InvalidRequestException("InstanceId can't be null when leaving with epoch -2.");
            }
        } else {
            throw new InvalidRequestException("MemberEpoch is invalid.");
        }
        if (request.serverAssignor() != null && !config.assignors().contains(request.serverAssignor())) {
            throw new UnsupportedAssignorException("ServerAssignor " + request.serverAssignor() + " is not supported. "
                    + "Supported assignors: " + String.join(", ", config.assignors()) + ".");
        }
    }

    private CompletableFuture<ConsumerGroupHeartbeatResponseData> doHeartbeat(RequestInfo info,
                                                                             ConsumerGroupHeartbeatRequestData request) {
        validate(request);
        String groupId = request.groupId();
        Group existing = shard.group(groupId);
        ConsumerGroup group;
        if (existing == null || (existing instanceof ClassicGroup && existing.isEmpty())) {
            if (request.memberEpoch() != 0) {
                throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                        + groupId + ".");
            }
            // a new group, or an Empty classic group (offsets only) converted, as in Kafka
            group = new ConsumerGroup(groupId, shard.nowMs());
            group.assignorName = config.assignors().get(0);
            shard.putGroup(group);
        } else if (existing instanceof ConsumerGroup consumer) {
            group = consumer;
        } else {
            throw new GroupIdNotFoundException("Group " + groupId + " is not a consumer group.");
        }
        ByteBuffer before = ConsumerGroupRecords.encode(group);
        if (request.memberEpoch() == LEAVE_EPOCH || request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            ConsumerMember member = group.members.get(request.memberId());
            if (member == null) {
                throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                        + groupId + ".");
            }
            removeMember(group, member);
            ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                    .setMemberId(member.memberId).setMemberEpoch(request.memberEpoch()).setHeartbeatIntervalMs(0);
            return writeThen(group, before, response);
        }
        ConsumerMember member;
        boolean bump = false;
        if (request.memberEpoch() == 0) {
            String memberId = request.memberId() == null || request.memberId().isEmpty()
                    ? Uuid.randomUuid().toString() : request.memberId();
            member = group.members.get(memberId);
            if (member == null) {
                if (request.instanceId() != null) {
                    // a static member rejoining under a new member id replaces its previous incarnation
                    for (ConsumerMember other : new ArrayList<>(group.members.values())) {
                        if (request.instanceId().equals(other.instanceId)) {
                            removeMember(group, other);
                        }
                    }
                }
                member = new ConsumerMember(memberId);
                group.members.put(memberId, member);
                bump = true;
            } else {
                // a known member rejoining with epoch 0 starts over
                member.memberEpoch = 0;
                member.state = ConsumerMember.State.STABLE;
                member.assigned = new TreeMap<>();
                member.pendingRevocation = new TreeMap<>();
            }
        } else {
            member = group.members.get(request.memberId());
            if (member == null) {
                throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                        + groupId + ".");
            }
            int received = request.memberEpoch();
            if (received > member.memberEpoch || (received < member.memberEpoch
                    && !(received == member.previousMemberEpoch && request.topicPartitions() != null
                    && isSubset(toMap(request.topicPartitions()), member.assigned)))) {
                throw new FencedMemberEpochException("The consumer group member has a smaller member epoch ("
                        + received + ") than the one known by the group coordinator (" + member.memberEpoch
                        + "). The member must abandon all its partitions and rejoin.");
            }
        }
        member.clientId = info.clientId();
        member.clientHost = info.clientHost();
        if (request.instanceId() != null) {
            member.instanceId = request.instanceId();
        }
        if (request.rackId() != null) {
            member.rackId = request.rackId();
        }
        if (request.rebalanceTimeoutMs() != -1) {
            member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        }
        if (request.subscribedTopicNames() != null) {
            List<String> subscribed = new ArrayList<>(new TreeSet<>(request.subscribedTopicNames()));
            if (!subscribed.equals(member.subscribedTopics)) {
                member.subscribedTopics = subscribed;
                bump = true;
            }
        }
        if (request.serverAssignor() != null && !request.serverAssignor().equals(member.serverAssignor)) {
            member.serverAssignor = request.serverAssignor();
            bump = true;
        }
        Map<String, Integer> metadata = subscriptionMetadata(group);
        if (!metadata.equals(group.subscriptionMetadata)) {
            group.subscriptionMetadata = metadata;
            bump = true;
        }
        if (bump) {
            group.groupEpoch++;
        }
        maybeComputeTarget(group);
        Map<Uuid, Set<Integer>> assignedBefore = ConsumerMember.copy(member.assigned);
        reconcile(group, member, request.topicPartitions() == null ? null : toMap(request.topicPartitions()));
        scheduleSession(group, member);

        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(member.memberId)
                .setMemberEpoch(member.memberEpoch)
                .setHeartbeatIntervalMs(config.heartbeatIntervalMs());
        boolean fullRequest = request.memberEpoch() == 0 || (request.rebalanceTimeoutMs() != -1
                && request.subscribedTopicNames() != null && request.topicPartitions() != null);
        if (fullRequest || !assignedBefore.equals(ConsumerMember.copy(member.assigned))) {
            ConsumerGroupHeartbeatResponseData.Assignment assignment = new ConsumerGroupHeartbeatResponseData.Assignment();
            member.assigned.forEach((id, parts) -> assignment.topicPartitions().add(
                    new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(id)
                            .setPartitions(new ArrayList<>(parts))));
            response.setAssignment(assignment);
        }
        return writeThen(group, before, response);
    }

    /** Writes the group's snapshot if it changed, then answers; on failure COORDINATOR_NOT_AVAILABLE. */
    private CompletableFuture<ConsumerGroupHeartbeatResponseData> writeThen(ConsumerGroup group, ByteBuffer before,
                                                                            ConsumerGroupHeartbeatResponseData response) {
        CoordinatorRecord snapshot = ConsumerGroupRecords.snapshot(group);
        if (snapshot.value().equals(before)) {
            return CompletableFuture.completedFuture(response);
        }
        try {
            return shard.write(List.of(snapshot)).handle((done, failure) -> failure == null ? response
                    : new ConsumerGroupHeartbeatResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        } catch (RuntimeException e) {
            log.warn("Could not write consumer group {}: {}", group.groupId(), e.toString());
            return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData()
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
    }

    private void removeMember(ConsumerGroup group, ConsumerMember member) {
        if (member.sessionTimer != null) {
            member.sessionTimer.cancel();
        }
        group.members.remove(member.memberId);
        group.targetAssignment.remove(member.memberId);
        group.subscriptionMetadata = subscriptionMetadata(group);
        group.groupEpoch++;
        if (group.members.isEmpty()) {
            group.stateTimestampMs = shard.nowMs();
        }
        maybeComputeTarget(group);
    }

    private Map<String, Integer> subscriptionMetadata(ConsumerGroup group) {
        Map<String, Integer> out = new TreeMap<>();
        for (ConsumerMember m : group.members.values()) {
            for (String topic : m.subscribedTopics) {
                int partitions = topics.partitionCount(topic);
                if (partitions > 0) {
                    out.put(topic, partitions);
                }
            }
        }
        return out;
    }

    private void maybeComputeTarget(ConsumerGroup group) {
        if (group.groupEpoch <= group.targetAssignmentEpoch) {
            return;
        }
        group.assignorName = chooseAssignor(group);
        List<Assignors.Topic> assignable = new ArrayList<>();
        group.subscriptionMetadata.forEach((name, partitions) -> {
            Uuid id = topics.topicId(name);
            if (id != null && !Uuid.ZERO_UUID.equals(id)) {
                assignable.add(new Assignors.Topic(id, name, partitions));
            }
        });
        Map<String, List<String>> subscriptions = new HashMap<>();
        group.members.values().forEach(m -> subscriptions.put(m.memberId, m.subscribedTopics));
        group.targetAssignment = Assignors.assign(group.assignorName, subscriptions, assignable, group.targetAssignment);
        group.targetAssignmentEpoch = group.groupEpoch;
    }

    /** The assignor most members ask for, else the default (the first of group.consumer.assignors). */
    private String chooseAssignor(ConsumerGroup group) {
        Map<String, Integer> votes = new TreeMap<>();
        for (ConsumerMember m : group.members.values()) {
            if (m.serverAssignor != null) {
                votes.merge(m.serverAssignor, 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(config.assignors().get(0));
    }

    /**
     * Moves the member towards its target: partitions leaving it are first revoked (its epoch
     * stays until it acknowledges by reporting owned partitions without them); then it gets
     * the target epoch and the target partitions no other member still holds.
     */
    private void reconcile(ConsumerGroup group, ConsumerMember member, Map<Uuid, Set<Integer>> owned) {
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
        for (Map.Entry<Uuid, Set<Integer>> e : target.entrySet()) {
            for (int p : e.getValue()) {
                if (ConsumerMember.contains(kept, e.getKey(), p)) {
                    continue;
                }
                if (heldByOther(group, member, e.getKey(), p)) {
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

    private static boolean heldByOther(ConsumerGroup group, ConsumerMember member, Uuid topic, int partition) {
        for (ConsumerMember other : group.members.values()) {
            if (other != member && (ConsumerMember.contains(other.assigned, topic, partition)
                    || ConsumerMember.contains(other.pendingRevocation, topic, partition))) {
                return true;
            }
        }
        return false;
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

    private static boolean isSubset(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        for (Map.Entry<Uuid, Set<Integer>> e : a.entrySet()) {
            for (int p : e.getValue()) {
                if (!ConsumerMember.contains(b, e.getKey(), p)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<Uuid, Set<Integer>> toMap(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> list) {
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        for (var tp : list) {
            for (int p : tp.partitions()) {
                ConsumerMember.add(out, tp.topicId(), p);
            }
        }
        return out;
    }

    // ---- session timeouts ----

    private void scheduleSession(ConsumerGroup group, ConsumerMember member) {
        if (member.sessionTimer != null) {
            member.sessionTimer.cancel();
        }
        member.sessionTimer = shard.schedule(config.sessionTimeoutMs(), () -> expire(group.groupId(), member));
    }

    private void expire(String groupId, ConsumerMember member) {
        ConsumerGroup group = group(groupId);
        if (group == null || group.members.get(member.memberId) != member) {
            return;
        }
        log.info("Member {} of consumer group {} timed out", member.memberId, groupId);
        removeMember(group, member);
        shard.writeQuietly(List.of(ConsumerGroupRecords.snapshot(group)), "consumer group " + groupId);
    }

    // ---- describe ----

    public ConsumerGroupDescribeResponseData.DescribedGroup describe(String groupId, short apiVersion) {
        ConsumerGroupDescribeResponseData.DescribedGroup out = new ConsumerGroupDescribeResponseData.DescribedGroup()
                .setGroupId(groupId);
        Group existing = shard.group(groupId);
        if (existing == null) {
            return out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + groupId + " not found.");
        }
        if (!(existing instanceof ConsumerGroup group)) {
            return out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage("Group " + groupId + " is not a consumer group.");
        }
        out.setGroupState(group.stateName()).setGroupEpoch(group.groupEpoch)
                .setAssignmentEpoch(group.targetAssignmentEpoch)
                .setAssignorName(group.assignorName == null ? config.assignors().get(0) : group.assignorName);
        for (ConsumerMember m : group.members.values()) {
            ConsumerGroupDescribeResponseData.Member member = new ConsumerGroupDescribeResponseData.Member()
                    .setMemberId(m.memberId).setInstanceId(m.instanceId).setRackId(m.rackId)
                    .setMemberEpoch(m.memberEpoch).setClientId(m.clientId).setClientHost(m.clientHost)
                    .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopics))
                    .setAssignment(assignment(m.assigned))
                    .setTargetAssignment(assignment(group.targetAssignment.getOrDefault(m.memberId, Map.of())));
            if (apiVersion >= 1) {
                member.setMemberType((byte) 1);
            }
            out.members().add(member);
        }
        return out;
    }

    private ConsumerGroupDescribeResponseData.Assignment assignment(Map<Uuid, Set<Integer>> partitions) {
        ConsumerGroupDescribeResponseData.Assignment out = new ConsumerGroupDescribeResponseData.Assignment();
        partitions.forEach((id, parts) -> out.topicPartitions().add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                .setTopicId(id).setTopicName(Objects.requireNonNullElse(topics.topicName(id), ""))
                .setPartitions(new ArrayList<>(parts))));
        return out;
    }

    // ---- replay ----

    /**
     * Applies a snapshot record. While loading it (re)builds the group; afterwards the live
     * group already holds the state the record was written from, and only a tombstone
     * (DeleteGroups) changes something: the group is removed.
     */
    public void replay(String groupId, ByteBuffer value, boolean loading) {
        ConsumerGroup live = group(groupId);
        if (value == null) {
            if (live != null) {
                live.markDead();
                shard.removeGroup(live);
            }
            return;
        }
        if (loading) {
            shard.putGroup(ConsumerGroupRecords.decode(groupId, value));
        }
    }

    /** After loading: restored members get their session timers from now. */
    public void onLoaded(ConsumerGroup group) {
        for (ConsumerMember member : group.members.values()) {
            scheduleSession(group, member);
        }
    }
}
