package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.RequestInfo;
import io.lanes.coordinator.group.TopicLookup;
import io.lanes.coordinator.group.classic.ClassicGroup;
import io.lanes.coordinator.group.timeline.PartitionMove;
import io.lanes.coordinator.group.timeline.RebalanceEvent;
import io.lanes.coordinator.group.timeline.RebalanceEvent.Kind;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
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
 * KIP-848 consumer groups of one shard: ConsumerGroupHeartbeat (join, static members, topic
 * names and regular expressions, epochs, target assignment, reconciliation with
 * revoke-before-assign, leave), session and rebalance timeouts, ConsumerGroupDescribe and
 * replay of the group snapshots.
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
        if (request.memberEpoch() == 0) {
            if (request.rebalanceTimeoutMs() == -1) {
                throw new InvalidRequestException("RebalanceTimeoutMs must be provided in first request.");
            }
            if (request.topicPartitions() == null || !request.topicPartitions().isEmpty()) {
                throw new InvalidRequestException("TopicPartitions must be empty when (re-)joining.");
            }
            if (request.subscribedTopicNames() == null && request.subscribedTopicRegex() == null) {
                throw new InvalidRequestException("Either SubscribedTopicNames or SubscribedTopicRegex must be "
                        + "non-null when (re-)joining.");
            }
        } else if (request.memberEpoch() > 0 || request.memberEpoch() == LEAVE_EPOCH
                || request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            if (request.memberId() == null || request.memberId().isEmpty()) {
                throw new InvalidRequestException("MemberId can't be empty.");
            }
            if (request.memberEpoch() == STATIC_LEAVE_EPOCH && request.instanceId() == null) {
                throw new InvalidRequestException("InstanceId can't be null.");
            }
        } else {
            throw new InvalidRequestException("MemberEpoch is invalid.");
        }
        if (request.serverAssignor() != null && !config.assignors().contains(request.serverAssignor())) {
            throw new UnsupportedAssignorException("ServerAssignor " + request.serverAssignor() + " is not supported. "
                    + "Supported assignors: " + String.join(", ", config.assignors()) + ".");
        }
        // checked before anything changes, so a bad expression leaves the group as it was
        if (request.subscribedTopicRegex() != null && !request.subscribedTopicRegex().isEmpty()) {
            ResolvedRegexes.validate(request.subscribedTopicRegex());
        }
    }

    private CompletableFuture<ConsumerGroupHeartbeatResponseData> doHeartbeat(RequestInfo info,
                                                                             ConsumerGroupHeartbeatRequestData request) {
        validate(request);
        ConsumerGroup group = groupFor(request);
        ByteBuffer before = ConsumerGroupRecords.encode(group);
        if (request.memberEpoch() == LEAVE_EPOCH || request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            return writeThen(group, before, leave(group, request));
        }
        boolean bump = false;
        ConsumerMember member;
        if (request.memberEpoch() == 0) {
            String memberId = request.memberId() == null || request.memberId().isEmpty()
                    ? Uuid.randomUuid().toString() : request.memberId();
            member = group.members.get(memberId);
            ConsumerMember previous = request.instanceId() == null ? null : group.staticMember(request.instanceId());
            if (member == null && previous != null) {
                String previousId = previous.memberId;
                member = replaceStaticMember(group, previous, memberId);
                record(group, Kind.MEMBER_JOINED, memberId, "static instance " + request.instanceId()
                        + " takes over from " + previousId + ", client " + info.clientId());
            } else if (member == null) {
                member = addMember(group, memberId);
                bump = true;
                record(group, Kind.MEMBER_JOINED, memberId, "client " + info.clientId() + " from " + info.clientHost());
            } else {
                record(group, Kind.MEMBER_JOINED, memberId, "rejoined with epoch 0, giving up its partitions");
                // a known member rejoining with epoch 0 has given up its partitions and starts over
                member.memberEpoch = 0;
                member.state = ConsumerMember.State.STABLE;
                member.assigned = new TreeMap<>();
                member.pendingRevocation = new TreeMap<>();
                member.cancelRebalanceTimer();
            }
        } else {
            member = existingMember(group, request);
        }
        bump |= update(member, info, request);
        bump |= group.regexes.refresh(regexesOf(group), topics.topicNames());
        Map<String, Integer> metadata = subscriptionMetadata(group);
        if (!metadata.equals(group.subscriptionMetadata)) {
            group.subscriptionMetadata = metadata;
            bump = true;
        }
        if (bump) {
            group.groupEpoch++;
            record(group, Kind.EPOCH_CHANGED, null, "member " + member.memberId + " joined or changed its subscription, "
                    + "or subscribed topics changed");
        }
        maybeComputeTarget(group);
        Map<Uuid, Set<Integer>> assignedBefore = ConsumerMember.copy(member.assigned);
        reconcile(group, member, request.topicPartitions() == null ? null
                : CurrentAssignment.toMap(request.topicPartitions()));
        scheduleSession(group, member);

        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(member.memberId)
                .setMemberEpoch(member.memberEpoch)
                .setHeartbeatIntervalMs(config.heartbeatIntervalMs());
        boolean fullRequest = request.memberEpoch() == 0 || (request.rebalanceTimeoutMs() != -1
                && (request.subscribedTopicNames() != null || request.subscribedTopicRegex() != null)
                && request.topicPartitions() != null);
        if (fullRequest || !assignedBefore.equals(member.assigned)) {
            ConsumerGroupHeartbeatResponseData.Assignment assignment = new ConsumerGroupHeartbeatResponseData.Assignment();
            member.assigned.forEach((id, parts) -> assignment.topicPartitions().add(
                    new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(id)
                            .setPartitions(new ArrayList<>(parts))));
            response.setAssignment(assignment);
        }
        return writeThen(group, before, response);
    }

    /** The group the heartbeat is for: an existing consumer group, or a new one when a member joins. */
    private ConsumerGroup groupFor(ConsumerGroupHeartbeatRequestData request) {
        String groupId = request.groupId();
        Group existing = shard.group(groupId);
        if (existing instanceof ConsumerGroup consumer) {
            return consumer;
        }
        if (existing != null && !(existing instanceof ClassicGroup && existing.isEmpty())) {
            throw new GroupIdNotFoundException("Group " + groupId + " is not a consumer group.");
        }
        if (request.memberEpoch() != 0) {
            throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                    + groupId + ".");
        }
        // a new group, or an Empty classic group (offsets only) converted, as in Kafka
        ConsumerGroup group = new ConsumerGroup(groupId, shard.nowMs());
        group.assignorName = config.assignors().get(0);
        shard.putGroup(group);
        return group;
    }

    /**
     * The new incarnation of a static member, joining under a new member id: it may take over
     * only once the previous one left with epoch -2; it then gets the previous member's
     * assignment, and the other members do not rebalance.
     *
     * @throws UnreleasedInstanceIdException if the previous incarnation is still live
     */
    private ConsumerMember replaceStaticMember(ConsumerGroup group, ConsumerMember previous, String memberId) {
        if (previous.memberEpoch != STATIC_LEAVE_EPOCH) {
            throw new UnreleasedInstanceIdException("Static member " + memberId + " with instance id "
                    + previous.instanceId + " cannot join the group because the instance id is owned by "
                    + previous.memberId + " member.");
        }
        // unlike Kafka, a replacement is not refused when the group is full: it does not grow the group
        log.info("Static member {} of consumer group {} rejoins as {} (was {})", previous.instanceId, group.groupId(),
                memberId, previous.memberId);
        ConsumerMember member = ConsumerMember.replacing(previous, memberId);
        previous.cancelTimers();
        group.members.remove(previous.memberId);
        Map<Uuid, Set<Integer>> target = group.targetAssignment.remove(previous.memberId);
        if (target != null) {
            group.targetAssignment.put(memberId, target);
        }
        group.members.put(memberId, member);
        return member;
    }

    /** @throws GroupMaxSizeReachedException if the group is full (group.consumer.max.size) */
    private ConsumerMember addMember(ConsumerGroup group, String memberId) {
        if (group.members.size() >= config.maxSize()) {
            throw new GroupMaxSizeReachedException("The consumer group has reached its maximum capacity of "
                    + config.maxSize() + " members.");
        }
        ConsumerMember member = new ConsumerMember(memberId);
        group.members.put(memberId, member);
        return member;
    }

    /** The member a heartbeat with a positive epoch comes from, checked as Kafka does. */
    private ConsumerMember existingMember(ConsumerGroup group, ConsumerGroupHeartbeatRequestData request) {
        if (request.instanceId() != null) {
            checkStaticMember(group, request.memberId(), request.instanceId());
        }
        ConsumerMember member = group.members.get(request.memberId());
        if (member == null) {
            throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                    + group.groupId() + ".");
        }
        int received = request.memberEpoch();
        if (received > member.memberEpoch || (received < member.memberEpoch
                && !(received == member.previousMemberEpoch && request.topicPartitions() != null
                && CurrentAssignment.isSubset(CurrentAssignment.toMap(request.topicPartitions()), member.assigned)))) {
            throw new FencedMemberEpochException("The consumer group member has a smaller member epoch ("
                    + received + ") than the one known by the group coordinator (" + member.memberEpoch
                    + "). The member must abandon all its partitions and rejoin.");
        }
        return member;
    }

    /**
     * @throws UnknownMemberIdException  if no member has the instance id
     * @throws FencedInstanceIdException if another member (a newer incarnation) has it
     */
    private static ConsumerMember checkStaticMember(ConsumerGroup group, String memberId, String instanceId) {
        ConsumerMember member = group.staticMember(instanceId);
        if (member == null) {
            throw new UnknownMemberIdException("Instance id " + instanceId + " is unknown.");
        }
        if (!member.memberId.equals(memberId)) {
            throw new FencedInstanceIdException("Static member " + memberId + " with instance id " + instanceId
                    + " was fenced by member " + member.memberId + ".");
        }
        return member;
    }

    /** Applies what the heartbeat says about the member; returns whether its subscription changed. */
    private static boolean update(ConsumerMember member, RequestInfo info, ConsumerGroupHeartbeatRequestData request) {
        boolean changed = false;
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
                changed = true;
            }
        }
        if (request.subscribedTopicRegex() != null) {
            // an empty expression unsubscribes from the previous one
            String regex = request.subscribedTopicRegex().isEmpty() ? null : request.subscribedTopicRegex();
            if (!Objects.equals(regex, member.subscribedTopicRegex)) {
                member.subscribedTopicRegex = regex;
                changed = true;
            }
        }
        if (request.serverAssignor() != null && !request.serverAssignor().equals(member.serverAssignor)) {
            member.serverAssignor = request.serverAssignor();
            changed = true;
        }
        return changed;
    }

    /**
     * Epoch -1: the member leaves and the others rebalance. Epoch -2 (static members): the member
     * stays with its assignment and epoch -2 until its session times out or a new incarnation with
     * its instance id takes over; what it was revoking is released at once.
     */
    private ConsumerGroupHeartbeatResponseData leave(ConsumerGroup group, ConsumerGroupHeartbeatRequestData request) {
        ConsumerMember member = request.instanceId() != null
                ? checkStaticMember(group, request.memberId(), request.instanceId())
                : group.members.get(request.memberId());
        if (member == null) {
            throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                    + group.groupId() + ".");
        }
        if (request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            log.info("Static member {} of consumer group {} left for now", member.instanceId, group.groupId());
            member.memberEpoch = STATIC_LEAVE_EPOCH;
            member.pendingRevocation = new TreeMap<>();
            member.state = ConsumerMember.State.STABLE;
            member.cancelRebalanceTimer();
            record(group, Kind.MEMBER_LEFT, member.memberId, "static member left for now (epoch -2), keeping its "
                    + "partitions until its session times out");
        } else {
            removeMember(group, member, Kind.MEMBER_LEFT, "left the group (epoch -1)");
        }
        return new ConsumerGroupHeartbeatResponseData()
                .setMemberId(member.memberId).setMemberEpoch(request.memberEpoch()).setHeartbeatIntervalMs(0);
    }

    /** Writes the group's snapshot if it changed, then answers; on failure COORDINATOR_NOT_AVAILABLE. */
    private CompletableFuture<ConsumerGroupHeartbeatResponseData> writeThen(ConsumerGroup group, ByteBuffer before,
                                                                            ConsumerGroupHeartbeatResponseData response) {
        CoordinatorRecord snapshot = ConsumerGroupRecords.snapshot(group);
        if (snapshot.value().equals(before)) {
            return CompletableFuture.completedFuture(response);
        }
        recordMoves(group);
        try {
            return shard.write(List.of(snapshot)).handle((done, failure) -> failure == null ? response
                    : new ConsumerGroupHeartbeatResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        } catch (RuntimeException e) {
            log.warn("Could not write consumer group {}: {}", group.groupId(), e.toString());
            return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData()
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
    }

    /** Adds an event about the group (at its current epoch) to the timeline. */
    private void record(ConsumerGroup group, Kind kind, String memberId, String detail) {
        shard.record(group.groupId(), RebalanceEvent.of(shard.nowMs(), kind, memberId, group.groupEpoch, detail));
    }

    /** Compares who owns which partition now with the last time and records the partitions that moved. */
    private void recordMoves(ConsumerGroup group) {
        List<PartitionMove> moves = group.ownership.update(owners(group), shard.nowMs());
        if (!moves.isEmpty()) {
            shard.record(group.groupId(), RebalanceEvent.withMoves(shard.nowMs(), Kind.PARTITIONS_MOVED, null,
                    group.groupEpoch, "", -1, moves));
        }
    }

    /** Who owns which partition: what members are assigned or still revoking, by topic name (or id if unknown). */
    private Map<TopicPartition, String> owners(ConsumerGroup group) {
        Map<TopicPartition, String> out = new HashMap<>();
        Map<Uuid, String> names = new HashMap<>();
        for (ConsumerMember m : group.members.values()) {
            for (Map<Uuid, Set<Integer>> owned : List.of(m.assigned, m.pendingRevocation)) {
                owned.forEach((id, parts) -> {
                    String topic = names.computeIfAbsent(id, i -> Objects.requireNonNullElse(topics.topicName(i),
                            i.toString()));
                    parts.forEach(p -> out.put(new TopicPartition(topic, p), m.memberId));
                });
            }
        }
        return out;
    }

    private void removeMember(ConsumerGroup group, ConsumerMember member, Kind kind, String detail) {
        record(group, kind, member.memberId, detail);
        member.cancelTimers();
        group.members.remove(member.memberId);
        group.targetAssignment.remove(member.memberId);
        group.regexes.refresh(regexesOf(group), topics.topicNames());
        group.subscriptionMetadata = subscriptionMetadata(group);
        group.groupEpoch++;
        record(group, Kind.EPOCH_CHANGED, null, "member " + member.memberId + " is gone");
        if (group.members.isEmpty()) {
            group.stateTimestampMs = shard.nowMs();
        }
        maybeComputeTarget(group);
    }

    private static Set<String> regexesOf(ConsumerGroup group) {
        Set<String> regexes = new TreeSet<>();
        for (ConsumerMember m : group.members.values()) {
            if (m.subscribedTopicRegex != null) {
                regexes.add(m.subscribedTopicRegex);
            }
        }
        return regexes;
    }

    private Map<String, Integer> subscriptionMetadata(ConsumerGroup group) {
        Map<String, Integer> out = new TreeMap<>();
        for (ConsumerMember m : group.members.values()) {
            for (String topic : group.subscribedTopics(m)) {
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
        group.members.values().forEach(m -> subscriptions.put(m.memberId, new ArrayList<>(group.subscribedTopics(m))));
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
     * Reconciles the member, and keeps its rebalance timer running exactly while it owes a
     * revocation: a member that does not acknowledge within its rebalance timeout is fenced.
     */
    private void reconcile(ConsumerGroup group, ConsumerMember member, Map<Uuid, Set<Integer>> owned) {
        boolean wasRevoking = member.state == ConsumerMember.State.UNREVOKED_PARTITIONS;
        CurrentAssignment.reconcile(group, member, owned);
        boolean revoking = member.state == ConsumerMember.State.UNREVOKED_PARTITIONS;
        if (revoking && !wasRevoking) {
            scheduleRebalanceTimeout(group, member);
        } else if (!revoking) {
            member.cancelRebalanceTimer();
        }
    }

    // ---- timeouts ----

    private void scheduleSession(ConsumerGroup group, ConsumerMember member) {
        if (member.sessionTimer != null) {
            member.sessionTimer.cancel();
        }
        member.sessionTimer = shard.schedule(config.sessionTimeoutMs(), () -> {
            if (isMember(group, member)) {
                log.info("Member {} of consumer group {} timed out", member.memberId, group.groupId());
                fence(group, member, Kind.MEMBER_TIMED_OUT, "session timeout");
            }
        });
    }

    /** As Kafka: fenced unless it has left the epoch it was revoking in within its rebalance timeout. */
    private void scheduleRebalanceTimeout(ConsumerGroup group, ConsumerMember member) {
        member.cancelRebalanceTimer();
        int epoch = member.memberEpoch;
        member.rebalanceTimer = shard.schedule(member.rebalanceTimeoutMs, () -> {
            if (isMember(group, member) && member.memberEpoch == epoch
                    && member.state == ConsumerMember.State.UNREVOKED_PARTITIONS) {
                log.info("Member {} of consumer group {} did not revoke its partitions within its rebalance timeout "
                        + "of {} ms and is fenced", member.memberId, group.groupId(), member.rebalanceTimeoutMs);
                fence(group, member, Kind.MEMBER_FENCED, "did not revoke its partitions within its rebalance timeout");
            }
        });
    }

    private boolean isMember(ConsumerGroup group, ConsumerMember member) {
        return group(group.groupId()) == group && group.members.get(member.memberId) == member;
    }

    /** Removes the member (its next heartbeat gets UNKNOWN_MEMBER_ID) and reassigns its partitions. */
    private void fence(ConsumerGroup group, ConsumerMember member, Kind kind, String detail) {
        removeMember(group, member, kind, detail);
        recordMoves(group);
        shard.writeQuietly(List.of(ConsumerGroupRecords.snapshot(group)), "consumer group " + group.groupId());
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
                    .setSubscribedTopicRegex(m.subscribedTopicRegex)
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

    /**
     * After loading: the regular expressions are resolved again (the resolution is not persisted),
     * and restored members get their session timers, and rebalance timers if they owe a
     * revocation, from now.
     */
    public void onLoaded(ConsumerGroup group) {
        group.regexes.refresh(regexesOf(group), topics.topicNames());
        group.ownership.reset(owners(group));
        for (ConsumerMember member : group.members.values()) {
            scheduleSession(group, member);
            if (member.state == ConsumerMember.State.UNREVOKED_PARTITIONS) {
                scheduleRebalanceTimeout(group, member);
            }
        }
    }
}
