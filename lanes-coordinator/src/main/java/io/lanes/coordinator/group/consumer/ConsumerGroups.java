package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupKind;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.HeartbeatFields;
import io.lanes.coordinator.group.MemberTimers;
import io.lanes.coordinator.group.GroupType;
import io.lanes.coordinator.group.RequestInfo;
import io.lanes.coordinator.group.TopicLookup;
import io.lanes.coordinator.group.records.ConsumerGroupKey;
import io.lanes.coordinator.group.records.GroupRecordKey;
import io.lanes.coordinator.group.records.ConsumerGroupRecords;
import io.lanes.coordinator.group.records.ConsumerGroupRecords.ResolvedRegex;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.group.records.LegacyConsumerGroupSnapshot;
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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static io.lanes.coordinator.group.consumer.Subscriptions.adjusted;
import static io.lanes.coordinator.group.consumer.Subscriptions.regexOf;
import static io.lanes.coordinator.group.consumer.Subscriptions.topicsOf;

/**
 * KIP-848 consumer groups of one shard: ConsumerGroupHeartbeat (join, static members, topic
 * names and regular expressions, epochs, target assignment, reconciliation with
 * revoke-before-assign, leave), session and rebalance timeouts, and replay of the groups' records.
 * What members subscribe to and their target assignment are worked out by {@link Subscriptions};
 * ConsumerGroupDescribe is {@link ConsumerGroupDescriptions}.
 *
 * <p>As in Kafka's group coordinator, an operation only reads the live group: it works out the
 * records that say what changes (Kafka's consumer group records, see {@link ConsumerGroupRecords};
 * only what changed, e.g. one member's current assignment) and the response. {@link GroupShard#write}
 * appends them and replays them through {@link #replay}, the only code that changes a group, at
 * start-up and live; if the append fails nothing changed and the member gets COORDINATOR_NOT_AVAILABLE.
 * Timers and timeline events are not state: they follow a successful write. Runs under the shard lock.
 */
public final class ConsumerGroups implements GroupKind {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroups.class);
    private static final int LEAVE_EPOCH = -1;
    private static final int STATIC_LEAVE_EPOCH = -2;

    private final GroupShard shard;
    private final TopicLookup topics;
    private final ConsumerGroupConfig config;
    private final Subscriptions subscriptions;
    private final ConsumerGroupDescriptions descriptions;
    /** Not state: the members' session and rebalance timers. */
    private final MemberTimers timers;

    /** What an operation decided: the records to write, and the timeline events and removed members that follow. */
    private final class Change {
        final String groupId;
        final List<CoordinatorRecord> records = new ArrayList<>();
        final List<RebalanceEvent> events = new ArrayList<>();
        final List<String> removedMembers = new ArrayList<>();
        /** The members whose current assignment the records change. */
        final Set<String> assignmentChanged = new TreeSet<>();

        Change(String groupId) {
            this.groupId = groupId;
        }

        void event(Kind kind, String memberId, int epoch, String detail) {
            events.add(RebalanceEvent.of(shard.nowMs(), kind, memberId, epoch, detail));
        }
    }

    public ConsumerGroups(GroupShard shard, TopicLookup topics, ConsumerGroupConfig config) {
        this.shard = shard;
        this.topics = topics;
        this.config = config;
        this.subscriptions = new Subscriptions(topics, config.assignors(), shard::nowMs);
        this.descriptions = new ConsumerGroupDescriptions(shard, topics, subscriptions);
        this.timers = new MemberTimers(shard, config.sessionTimeoutMs(), this::expire);
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
        HeartbeatFields.requireNonEmpty(request.groupId(), "GroupId");
        HeartbeatFields.requireMemberFields(request.instanceId(), request.rackId(), request.memberEpoch(),
                request.rebalanceTimeoutMs());
        if (request.memberEpoch() == 0) {
            if (request.topicPartitions() == null || !request.topicPartitions().isEmpty()) {
                throw new InvalidRequestException("TopicPartitions must be empty when (re-)joining.");
            }
            if (request.subscribedTopicNames() == null && request.subscribedTopicRegex() == null) {
                throw new InvalidRequestException("Either SubscribedTopicNames or SubscribedTopicRegex must be "
                        + "non-null when (re-)joining.");
            }
        } else if (request.memberEpoch() > 0 || request.memberEpoch() == LEAVE_EPOCH
                || request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            HeartbeatFields.requireNonEmpty(request.memberId(), "MemberId");
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
        if (request.memberEpoch() == LEAVE_EPOCH || request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            return leave(group, request);
        }
        Change change = new Change(group.groupId());
        Group existing = shard.group(group.groupId());
        if (existing != null && existing.type() == GroupType.CLASSIC) {
            // an Empty classic group (offsets only) becomes this consumer group: as Kafka, its record goes first
            change.records.addAll(existing.deletionRecords());
        }
        boolean bump = false;
        ConsumerMember old = null;
        ConsumerMember member;
        String replacedId = null;
        if (request.memberEpoch() == 0) {
            String memberId = request.memberId() == null || request.memberId().isEmpty()
                    ? Uuid.randomUuid().toString() : request.memberId();
            old = group.members.get(memberId);
            ConsumerMember previous = request.instanceId() == null ? null : group.staticMember(request.instanceId());
            if (old == null && previous != null) {
                member = replaceStaticMember(change, group, previous, memberId);
                replacedId = previous.memberId;
                change.event(Kind.MEMBER_JOINED, memberId, group.groupEpoch, "static instance " + request.instanceId()
                        + " takes over from " + replacedId + ", client " + info.clientId());
            } else if (old == null) {
                if (group.members.size() >= config.maxSize()) {
                    throw new GroupMaxSizeReachedException("The consumer group has reached its maximum capacity of "
                            + config.maxSize() + " members.");
                }
                member = new ConsumerMember(memberId);
                bump = true;
                change.event(Kind.MEMBER_JOINED, memberId, group.groupEpoch, "client " + info.clientId() + " from "
                        + info.clientHost());
            } else {
                change.event(Kind.MEMBER_JOINED, memberId, group.groupEpoch,
                        "rejoined with epoch 0, giving up its partitions");
                // a known member rejoining with epoch 0 has given up its partitions and starts over
                member = old.copy();
                member.memberEpoch = 0;
                member.state = ConsumerMember.State.STABLE;
                member.assigned = new TreeMap<>();
                member.pendingRevocation = new TreeMap<>();
            }
        } else {
            old = existingMember(group, request);
            member = old.copy();
        }
        bump |= update(member, info, request);
        ConsumerMember before = old != null ? old : replacedId != null ? group.members.get(replacedId) : null;
        Proposed proposed = new Proposed(group, member, replacedId);

        // what the group subscribes to once this member is in: only what this member changes is recomputed
        Map<String, Integer> names = adjusted(group.subscribedTopicNames,
                before == null ? List.of() : before.subscribedTopics, member.subscribedTopics);
        Map<String, Integer> regexesInUse = adjusted(group.subscribedRegexes, regexOf(before), regexOf(member));
        List<CoordinatorRecord> regexRecords = new ArrayList<>();
        Map<String, ResolvedRegex> resolutions = subscriptions.resolveRegexes(regexRecords, group,
                regexesInUse.keySet());
        bump |= !topicsOf(resolutions).equals(topicsOf(group.resolvedRegexes));
        SortedMap<String, Integer> metadata = subscriptions.subscribedMetadata(names.keySet(), resolutions);
        long hash = ConsumerGroupRecords.metadataHash(metadata);
        bump |= hash != group.metadataHash;
        int groupEpoch = bump ? group.groupEpoch + 1 : group.groupEpoch;

        if (old == null || !old.metadata().equals(member.metadata())) {
            change.records.add(ConsumerGroupRecords.member(group.groupId(), member.memberId, member.metadata()));
        }
        change.records.addAll(regexRecords);
        if (bump) {
            change.records.add(ConsumerGroupRecords.groupEpoch(group.groupId(), groupEpoch, hash));
            change.event(Kind.EPOCH_CHANGED, null, groupEpoch, "member " + member.memberId + " joined or changed its "
                    + "subscription, or subscribed topics changed");
        }
        int targetEpoch = group.targetAssignmentEpoch;
        Map<Uuid, Set<Integer>> target = group.targetAssignment.get(member.memberId);
        if (target == null && replacedId != null) {
            target = group.targetAssignment.get(replacedId);
        }
        if (groupEpoch > group.targetAssignmentEpoch) {
            target = subscriptions.computeTarget(change.records, proposed, groupEpoch, metadata, resolutions)
                    .get(member.memberId);
            targetEpoch = groupEpoch;
        } else if (replacedId != null && target != null) {
            // the new incarnation takes over the previous one's target, without a rebalance
            change.records.add(ConsumerGroupRecords.targetMember(group.groupId(), member.memberId, target));
        }
        Map<Uuid, Set<Integer>> assignedBefore = member.assigned;
        String removedId = replacedId;
        CurrentAssignment.reconcile(targetEpoch, target == null ? Map.of() : target, member,
                request.topicPartitions() == null ? null : CurrentAssignment.toMap(request.topicPartitions()),
                (topic, partition) -> group.isOwnedByOther(topic, partition, member.memberId, removedId));
        if (old == null || !old.currentAssignment().equals(member.currentAssignment())) {
            change.records.add(ConsumerGroupRecords.currentAssignment(group.groupId(), member.memberId,
                    member.currentAssignment()));
            change.assignmentChanged.add(member.memberId);
        }

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
        String memberId = member.memberId;
        return writeThen(change, response, () -> scheduleTimers(change.groupId, memberId));
    }

    /**
     * The group the heartbeat is for: an existing consumer group, or a new one (not added to the shard: replaying
     * its first records does that) when a member joins.
     */
    private ConsumerGroup groupFor(ConsumerGroupHeartbeatRequestData request) {
        String groupId = request.groupId();
        Group existing = shard.group(groupId);
        if (existing instanceof ConsumerGroup consumer) {
            return consumer;
        }
        if (existing != null && !(existing.type() == GroupType.CLASSIC && existing.isEmpty())) {
            throw new GroupIdNotFoundException("Group " + groupId + " is not a consumer group.");
        }
        if (request.memberEpoch() != 0) {
            throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                    + groupId + ".");
        }
        // a new group, or an Empty classic group (offsets only) converted, as in Kafka
        return new ConsumerGroup(groupId);
    }

    /**
     * The new incarnation of a static member, joining under a new member id: it may take over
     * only once the previous one left with epoch -2; it then gets the previous member's
     * assignment, and the other members do not rebalance. The previous member's records are removed.
     *
     * @throws UnreleasedInstanceIdException if the previous incarnation is still live
     */
    private ConsumerMember replaceStaticMember(Change change, ConsumerGroup group, ConsumerMember previous,
                                               String memberId) {
        if (previous.memberEpoch != STATIC_LEAVE_EPOCH) {
            throw new UnreleasedInstanceIdException("Static member " + memberId + " with instance id "
                    + previous.instanceId + " cannot join the group because the instance id is owned by "
                    + previous.memberId + " member.");
        }
        // unlike Kafka, a replacement is not refused when the group is full: it does not grow the group
        log.info("Static member {} of consumer group {} rejoins as {} (was {})", previous.instanceId, group.groupId(),
                memberId, previous.memberId);
        removalRecords(change, previous.memberId);
        return ConsumerMember.replacing(previous, memberId);
    }

    /** Kafka's records for a member leaving, in its order: current assignment, target, then member tombstones. */
    private static void removalRecords(Change change, String memberId) {
        change.records.add(ConsumerGroupRecords.currentAssignmentTombstone(change.groupId, memberId));
        change.records.add(ConsumerGroupRecords.targetMemberTombstone(change.groupId, memberId));
        change.records.add(ConsumerGroupRecords.memberTombstone(change.groupId, memberId));
        change.removedMembers.add(memberId);
        change.assignmentChanged.add(memberId);
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

    /** Applies what the heartbeat says to the member (a copy); returns whether its subscription changed. */
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
    private CompletableFuture<ConsumerGroupHeartbeatResponseData> leave(ConsumerGroup group,
                                                                       ConsumerGroupHeartbeatRequestData request) {
        ConsumerMember member = request.instanceId() != null
                ? checkStaticMember(group, request.memberId(), request.instanceId())
                : group.members.get(request.memberId());
        if (member == null) {
            throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                    + group.groupId() + ".");
        }
        Change change = new Change(group.groupId());
        String memberId = member.memberId;
        Runnable written;
        if (request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            log.info("Static member {} of consumer group {} left for now", member.instanceId, group.groupId());
            ConsumerMember left = member.copy();
            left.memberEpoch = STATIC_LEAVE_EPOCH;
            left.pendingRevocation = new TreeMap<>();
            left.state = ConsumerMember.State.STABLE;
            left.resetAssignmentEpochs();
            if (!left.currentAssignment().equals(member.currentAssignment())) {
                change.records.add(ConsumerGroupRecords.currentAssignment(group.groupId(), memberId,
                        left.currentAssignment()));
                change.assignmentChanged.add(memberId);
            }
            change.event(Kind.MEMBER_LEFT, memberId, group.groupEpoch, "static member left for now (epoch -2), "
                    + "keeping its partitions until its session times out");
            written = () -> timers.cancelRebalance(group.groupId(), memberId);
        } else {
            removeMember(change, group, member, Kind.MEMBER_LEFT, "left the group (epoch -1)");
            written = () -> { };
        }
        return writeThen(change, new ConsumerGroupHeartbeatResponseData()
                .setMemberId(memberId).setMemberEpoch(request.memberEpoch()).setHeartbeatIntervalMs(0), written);
    }

    /**
     * Writes the change's records (if any), then records its timeline events and runs {@code written}; answers
     * once they are durable, or COORDINATOR_NOT_AVAILABLE (then nothing changed).
     */
    private CompletableFuture<ConsumerGroupHeartbeatResponseData> writeThen(Change change,
                                                                            ConsumerGroupHeartbeatResponseData response,
                                                                            Runnable written) {
        CompletableFuture<Void> durable;
        try {
            durable = shard.write(change.records);
        } catch (RuntimeException e) {
            log.warn("Could not write consumer group {}: {}", change.groupId, e.toString());
            return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData()
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
        afterWrite(change);
        written.run();
        return durable.handle((done, failure) -> failure == null ? response
                : new ConsumerGroupHeartbeatResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
    }

    /** Once a change is written: its timeline events, the partitions that moved, the removed members' timers. */
    private void afterWrite(Change change) {
        if (!change.records.isEmpty()) {
            // the timeline tells what was written, nothing else
            change.events.forEach(e -> shard.record(change.groupId, e));
        }
        change.removedMembers.forEach(id -> timers.cancel(change.groupId, id));
        ConsumerGroup group = group(change.groupId);
        if (group != null && !change.assignmentChanged.isEmpty()) {
            recordMoves(group, change.assignmentChanged);
        }
    }

    /**
     * Compares who owns which partition now with the last time, for the members whose assignment changed, and
     * records the partitions that moved.
     */
    private void recordMoves(ConsumerGroup group, Set<String> changed) {
        Map<String, List<TopicPartition>> now = new HashMap<>();
        Map<Uuid, String> names = new HashMap<>();
        for (String memberId : changed) {
            ConsumerMember m = group.members.get(memberId);
            now.put(memberId, m == null ? List.of() : owned(m, names));
        }
        List<PartitionMove> moves = group.ownership.updateOwners(now, shard.nowMs());
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
            owned(m, names).forEach(tp -> out.put(tp, m.memberId));
        }
        return out;
    }

    /** What the member is assigned or still revoking; {@code names} caches topic names by id (the id if unknown). */
    private List<TopicPartition> owned(ConsumerMember member, Map<Uuid, String> names) {
        List<TopicPartition> out = new ArrayList<>();
        for (Map<Uuid, Set<Integer>> partitions : List.of(member.assigned, member.pendingRevocation)) {
            partitions.forEach((id, parts) -> {
                String topic = names.computeIfAbsent(id, i -> Objects.requireNonNullElse(topics.topicName(i),
                        i.toString()));
                parts.forEach(p -> out.add(new TopicPartition(topic, p)));
            });
        }
        return out;
    }

    /**
     * The records of a member's removal (leave, session or rebalance timeout): its records' tombstones, the
     * expressions nobody uses any more and the bumped group epoch. As in Kafka, the new target assignment is
     * computed by the next heartbeat of a remaining member; a group left empty gets its target assignment epoch
     * moved to the new group epoch at once (timestamp 0: none computed), as Kafka 4.4 records it, so it is Empty
     * rather than Assigning.
     */
    private void removeMember(Change change, ConsumerGroup group, ConsumerMember member, Kind kind, String detail) {
        change.event(kind, member.memberId, group.groupEpoch, detail);
        removalRecords(change, member.memberId);
        Map<String, Integer> names = adjusted(group.subscribedTopicNames, member.subscribedTopics, List.of());
        Map<String, Integer> regexesInUse = adjusted(group.subscribedRegexes, regexOf(member), List.of());
        Map<String, ResolvedRegex> resolutions = subscriptions.resolveRegexes(change.records, group,
                regexesInUse.keySet());
        SortedMap<String, Integer> metadata = subscriptions.subscribedMetadata(names.keySet(), resolutions);
        int epoch = group.groupEpoch + 1;
        change.records.add(ConsumerGroupRecords.groupEpoch(group.groupId(), epoch,
                ConsumerGroupRecords.metadataHash(metadata)));
        if (group.members.size() == 1 && group.members.containsKey(member.memberId)) {
            change.records.add(ConsumerGroupRecords.targetEpoch(group.groupId(), epoch, 0L));
        }
        change.event(Kind.EPOCH_CHANGED, null, epoch, "member " + member.memberId + " is gone");
    }

    // ---- timeouts ----

    /**
     * After a heartbeat: the member's session starts again, and its rebalance timer runs exactly while it owes a
     * revocation (from the heartbeat that asked for it): a member that does not acknowledge in time is fenced.
     */
    private void scheduleTimers(String groupId, String memberId) {
        ConsumerGroup group = group(groupId);
        ConsumerMember member = group == null ? null : group.members.get(memberId);
        if (member != null) {
            timers.afterHeartbeat(groupId, memberId, member.state == ConsumerMember.State.UNREVOKED_PARTITIONS,
                    member.memberEpoch, member.rebalanceTimeoutMs);
        }
    }

    /**
     * A timer fired (under the shard lock): a session timeout fences the member; a rebalance timeout fences it
     * unless it has left the epoch it was revoking in, as Kafka does.
     */
    private void expire(String groupId, String memberId, int revokingEpoch) {
        ConsumerGroup group = group(groupId);
        ConsumerMember member = group == null ? null : group.members.get(memberId);
        if (member == null) {
            return;
        }
        if (revokingEpoch == MemberTimers.SESSION) {
            log.info("Member {} of consumer group {} timed out", memberId, groupId);
            fence(group, member, Kind.MEMBER_TIMED_OUT, "session timeout");
        } else if (member.memberEpoch == revokingEpoch && member.state == ConsumerMember.State.UNREVOKED_PARTITIONS) {
            log.info("Member {} of consumer group {} did not revoke its partitions within its rebalance timeout "
                    + "of {} ms and is fenced", memberId, groupId, member.rebalanceTimeoutMs);
            fence(group, member, Kind.MEMBER_FENCED, "did not revoke its partitions within its rebalance timeout");
        }
    }

    /**
     * Removes the member (its next heartbeat gets UNKNOWN_MEMBER_ID) and reassigns its partitions. If the write
     * fails the member stays, and its session timer starts again so that it is tried again.
     */
    private void fence(ConsumerGroup group, ConsumerMember member, Kind kind, String detail) {
        Change change = new Change(group.groupId());
        removeMember(change, group, member, kind, detail);
        CompletableFuture<Void> durable;
        try {
            durable = shard.write(change.records);
        } catch (RuntimeException e) {
            log.warn("Could not remove member {} of consumer group {}: {}", member.memberId, group.groupId(),
                    e.toString());
            timers.scheduleSession(group.groupId(), member.memberId);
            return;
        }
        durable.whenComplete((done, error) -> {
            if (error != null) {
                log.warn("Could not make the removal of member {} of consumer group {} durable: {}", member.memberId,
                        group.groupId(), error.toString());
            }
        });
        afterWrite(change);
    }

    // ---- describe ----

    public ConsumerGroupDescribeResponseData.DescribedGroup describe(String groupId, short apiVersion) {
        return descriptions.describe(groupId, apiVersion);
    }

    // ---- replay ----

    /**
     * Applies one consumer group record: the only code that changes a consumer group, at start-up and right after
     * {@link GroupShard#write}. Lanes' earlier whole-group snapshot (type 1000, or an old value under type 3)
     * replaces the group with the one the snapshot holds, through the records Kafka would have written for it.
     */
    @Override
    public boolean replay(GroupRecordKey key, ByteBuffer value) {
        if (!(key instanceof ConsumerGroupKey consumerKey)) {
            return false;
        }
        replay(consumerKey, value);
        return true;
    }

    private void replay(ConsumerGroupKey key, ByteBuffer value) {
        String groupId = key.groupId();
        String id = key.subKey();
        switch (key.type()) {
            case GroupRecords.CONSUMER_GROUP_KEY_TYPE -> replaySnapshot(groupId, value);
            case ConsumerGroupRecords.GROUP_METADATA -> {
                if (value == null) {
                    removeGroup(groupId);
                } else if (LegacyConsumerGroupSnapshot.isSnapshot(value)) {
                    replaySnapshot(groupId, value);
                } else {
                    getOrCreate(groupId).replayEpoch(ConsumerGroupRecords.decodeGroupEpoch(value));
                }
            }
            case ConsumerGroupRecords.MEMBER_METADATA -> {
                if (value != null) {
                    getOrCreate(groupId).replayMember(id, ConsumerGroupRecords.decodeMember(value));
                } else if (group(groupId) != null) {
                    group(groupId).replayMemberRemoved(id);
                }
            }
            case ConsumerGroupRecords.TARGET_ASSIGNMENT_METADATA -> {
                // its tombstone only comes with the group's deletion, whose group epoch tombstone removes the group
                if (value != null) {
                    getOrCreate(groupId).replayTargetEpoch(ConsumerGroupRecords.decodeTargetEpoch(value).epoch());
                }
            }
            case ConsumerGroupRecords.TARGET_ASSIGNMENT_MEMBER -> {
                if (value != null) {
                    getOrCreate(groupId).replayTarget(id, ConsumerGroupRecords.decodeTargetMember(value));
                } else if (group(groupId) != null) {
                    group(groupId).replayTarget(id, null);
                }
            }
            case ConsumerGroupRecords.CURRENT_MEMBER_ASSIGNMENT -> {
                if (value != null) {
                    getOrCreate(groupId).replayCurrentAssignment(id, ConsumerGroupRecords.decodeCurrentAssignment(value));
                } else if (group(groupId) != null) {
                    group(groupId).replayCurrentAssignmentRemoved(id);
                }
            }
            case ConsumerGroupRecords.REGULAR_EXPRESSION -> {
                if (value != null) {
                    getOrCreate(groupId).replayRegex(id, ConsumerGroupRecords.decodeRegex(value));
                } else if (group(groupId) != null) {
                    group(groupId).replayRegex(id, null);
                }
            }
            default -> {
                // ConsumerGroupPartitionMetadata: Kafka 4.1 replaced it by the metadata hash; nothing to keep
            }
        }
    }

    private void replaySnapshot(String groupId, ByteBuffer value) {
        removeGroup(groupId);
        if (value != null) {
            for (CoordinatorRecord r : LegacyConsumerGroupSnapshot.toRecords(groupId, value)) {
                replay((ConsumerGroupKey) GroupRecords.decodeKey(r.key()), r.value());
            }
        }
    }

    /** The consumer group, created if there is none, or in place of an Empty classic group (offsets only). */
    private ConsumerGroup getOrCreate(String groupId) {
        Group existing = shard.group(groupId);
        if (existing instanceof ConsumerGroup consumer) {
            return consumer;
        }
        ConsumerGroup group = new ConsumerGroup(groupId);
        shard.putGroup(group);
        return group;
    }

    private void removeGroup(String groupId) {
        ConsumerGroup live = group(groupId);
        if (live != null) {
            live.markDead();
            shard.removeGroup(live);
            timers.cancelGroup(groupId);
        }
    }

    /**
     * After loading: restored members get their session timers, and rebalance timers if they owe a
     * revocation, from now; the timeline starts from the restored owners.
     */
    @Override
    public void onLoaded(Group loaded) {
        if (!(loaded instanceof ConsumerGroup group)) {
            return;
        }
        group.ownership.reset(owners(group));
        for (ConsumerMember member : group.members.values()) {
            scheduleTimers(group.groupId(), member.memberId);
        }
    }
}
