package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupKind;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.HeartbeatFields;
import io.lanes.coordinator.group.MemberTimers;
import io.lanes.coordinator.group.GroupType;
import io.lanes.coordinator.group.RequestInfo;
import io.lanes.coordinator.group.TopicLookup;
import io.lanes.coordinator.group.records.ConsumerGroupRecords;
import io.lanes.coordinator.group.records.GroupRecordKey;
import io.lanes.coordinator.group.records.StreamsGroupKey;
import io.lanes.coordinator.group.records.StreamsGroupRecords;
import io.lanes.coordinator.group.records.StreamsGroupRecords.Endpoint;
import io.lanes.coordinator.group.records.StreamsGroupRecords.Tasks;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.StreamsInvalidTopologyEpochException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData.Status;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * KIP-1071 streams groups of one shard: StreamsGroupHeartbeat (join with the topology, internal topics, epochs,
 * server-side task assignment by {@link StickyTaskAssignor}, reconciliation by {@link TaskReconciler}, static
 * members, leave), session and rebalance timeouts, StreamsGroupDescribe and replay of the groups' records.
 *
 * <p>As for consumer groups, an operation only reads the live group and works out the records that say what changes
 * (Kafka's streams group records, see {@link StreamsGroupRecords}); {@link GroupShard#write} appends them and
 * replays them through {@link #replay}, the only code that changes a group. Missing internal topics are created
 * after the write, outside the lock, and the member is told MISSING_INTERNAL_TOPICS meanwhile, as Kafka does.
 * Runs under the shard lock.
 */
public final class StreamsGroups implements GroupKind {
    private static final Logger log = LoggerFactory.getLogger(StreamsGroups.class);
    private static final int LEAVE_EPOCH = -1;
    private static final int STATIC_LEAVE_EPOCH = -2;
    static final byte STALE_TOPOLOGY = 0;
    static final byte MISSING_SOURCE_TOPICS = 1;
    static final byte INCORRECTLY_PARTITIONED_TOPICS = 2;
    static final byte MISSING_INTERNAL_TOPICS = 3;
    static final byte SHUTDOWN_APPLICATION = 4;
    static final byte ASSIGNMENT_DELAYED = 5;
    static final byte MISSING_CLIENT_TAGS = 6;
    /** The first StreamsGroupHeartbeat version whose members understand MISSING_CLIENT_TAGS (KAFKA-20744). */
    private static final short CLIENT_TAGS_STATUS_VERSION = 1;
    private static final String INITIAL_DELAY = "Assignment delayed due to the configured initial rebalance delay.";
    private static final String INTERVAL_DELAY = "Assignment delayed due to the configured assignment interval.";

    private final GroupShard shard;
    private final TopicLookup topics;
    private final StreamsGroupConfig config;
    private final InternalTopicCreator creator;
    /** Not state: the members' session and rebalance timers. */
    private final MemberTimers timers;
    /** Not state: the groups whose first assignment waits out the initial rebalance delay. */
    private final InitialRebalanceDelays initialDelays;

    /** Creates the internal topics a group needs; called outside the shard lock. Thread-safe implementations. */
    public interface InternalTopicCreator {
        /**
         * Creates a topic unless it exists; failures are logged by the implementation.
         *
         * @param configs topic configs as the Streams client asked for them
         */
        void create(String name, int partitions, Map<String, String> configs);
    }

    public StreamsGroups(GroupShard shard, TopicLookup topics, StreamsGroupConfig config, InternalTopicCreator creator) {
        this.shard = shard;
        this.topics = topics;
        this.config = config;
        this.creator = creator;
        this.timers = new MemberTimers(shard, config.sessionTimeoutMs(), this::expire);
        this.initialDelays = new InitialRebalanceDelays(shard, config.initialRebalanceDelayMs(),
                this::assignAfterInitialDelay);
    }

    private StreamsGroup group(String groupId) {
        return shard.group(groupId) instanceof StreamsGroup g ? g : null;
    }

    // ---- heartbeat ----

    public CompletableFuture<StreamsGroupHeartbeatResponseData> heartbeat(RequestInfo info,
                                                                         StreamsGroupHeartbeatRequestData request) {
        try {
            return doHeartbeat(info, request);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(new StreamsGroupHeartbeatResponseData()
                    .setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage()));
        }
    }

    private static void validate(StreamsGroupHeartbeatRequestData request) {
        HeartbeatFields.requireNonEmpty(request.groupId(), "GroupId");
        HeartbeatFields.requireNonEmpty(request.memberId(), "MemberId");
        HeartbeatFields.requireMemberFields(request.instanceId(), request.rackId(), request.memberEpoch(),
                request.rebalanceTimeoutMs());
        if (request.memberEpoch() == 0) {
            if (request.topology() == null) {
                throw new InvalidRequestException("Topology must be non-null when joining the group.");
            }
            HeartbeatFields.requireNonEmpty(request.processId(), "ProcessId");
            if (nonEmpty(request.activeTasks()) || nonEmpty(request.standbyTasks()) || nonEmpty(request.warmupTasks())) {
                throw new InvalidRequestException("ActiveTasks, StandbyTasks and WarmupTasks must be empty when "
                        + "(re-)joining.");
            }
        } else if (request.memberEpoch() == STATIC_LEAVE_EPOCH && request.instanceId() == null) {
            throw new InvalidRequestException("InstanceId can't be null.");
        } else if (request.memberEpoch() < STATIC_LEAVE_EPOCH) {
            throw new InvalidRequestException("MemberEpoch is invalid.");
        }
    }

    private static boolean nonEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private StreamsGroup groupFor(StreamsGroupHeartbeatRequestData request) {
        Group existing = shard.group(request.groupId());
        if (existing instanceof StreamsGroup streams) {
            return streams;
        }
        if (existing != null && !(existing.type() == GroupType.CLASSIC && existing.isEmpty())) {
            throw new GroupIdNotFoundException("Group " + request.groupId() + " is not a streams group.");
        }
        if (request.memberEpoch() != 0) {
            throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                    + request.groupId() + ".");
        }
        return new StreamsGroup(request.groupId(), shard.nowMs());
    }

    private CompletableFuture<StreamsGroupHeartbeatResponseData> doHeartbeat(RequestInfo info,
                                                                           StreamsGroupHeartbeatRequestData request) {
        validate(request);
        StreamsGroup group = groupFor(request);
        if (request.memberEpoch() == LEAVE_EPOCH || request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            return leave(group, request);
        }
        String groupId = group.groupId();
        List<CoordinatorRecord> records = new ArrayList<>();
        Group existing = shard.group(groupId);
        if (existing != null && existing.type() == GroupType.CLASSIC) {
            records.addAll(existing.deletionRecords());
        }
        StreamsMember old = group.members.get(request.memberId());
        StreamsMember member;
        String replacedId = null;
        boolean bump = false;
        if (request.memberEpoch() == 0) {
            StreamsMember previous = request.instanceId() == null ? null : group.staticMember(request.instanceId());
            if (old == null && previous != null) {
                if (previous.memberEpoch != STATIC_LEAVE_EPOCH) {
                    throw new UnreleasedInstanceIdException("Static member " + request.memberId() + " with instance id "
                            + request.instanceId() + " cannot join the group because the instance id is owned by "
                            + previous.memberId + " member.");
                }
                // the new incarnation takes over the tasks of the one that left with epoch -2, without a rebalance
                replacedId = previous.memberId;
                member = new StreamsMember(request.memberId());
                member.apply(previous.metadata());
                member.assigned = previous.assigned;
                member.memberEpoch = previous.previousMemberEpoch;
                records.add(StreamsGroupRecords.memberTombstone(StreamsGroupRecords.CURRENT_MEMBER_ASSIGNMENT,
                        groupId, replacedId));
                records.add(StreamsGroupRecords.memberTombstone(StreamsGroupRecords.TARGET_ASSIGNMENT_MEMBER,
                        groupId, replacedId));
                records.add(StreamsGroupRecords.memberTombstone(StreamsGroupRecords.MEMBER_METADATA, groupId,
                        replacedId));
            } else if (old == null) {
                if (group.members.size() >= config.maxSize()) {
                    throw new GroupMaxSizeReachedException("The streams group has reached its maximum capacity of "
                            + config.maxSize() + " members.");
                }
                member = new StreamsMember(request.memberId());
                bump = true;
            } else {
                // a known member rejoining with epoch 0 has given up its tasks and starts over
                member = old.copy();
                member.memberEpoch = 0;
                member.state = StreamsMember.State.STABLE;
                member.assigned = Tasks.EMPTY;
                member.pendingRevocation = Tasks.EMPTY;
            }
        } else {
            old = existingMember(group, request);
            member = old.copy();
        }
        bump |= update(member, info, request);
        MemberTaskOffsets reportedOffsets = group.taskOffsets(member.memberId).update(request.taskOffsets(),
                request.taskEndOffsets());

        // the topology: set by the first member, replaced by a newer epoch
        StreamsGroupHeartbeatRequestData.Topology topology = group.topology;
        boolean topologyChanged = false;
        if (request.topology() != null) {
            StreamsGroupHeartbeatRequestData.Topology sent = request.topology();
            if (topology == null || sent.epoch() > topology.epoch() || (group.members.isEmpty()
                    && !sent.equals(topology))) {
                topologyChanged = !sent.equals(topology);
                topology = sent;
            } else if (sent.epoch() == topology.epoch() && !sent.equals(topology)) {
                throw new StreamsInvalidTopologyEpochException("Topology updated but topology epoch not: the group "
                        + "has another topology with epoch " + topology.epoch() + ".");
            }
        }
        ConfiguredTopology configured = ConfiguredTopology.of(topology, topics);
        long hash = ConsumerGroupRecords.metadataHash(configured.topicPartitions());
        int validated = configured.ready() ? topology.epoch() : -1;
        bump |= topologyChanged || hash != group.metadataHash || validated != group.validatedTopologyEpoch;
        int groupEpoch = bump ? group.groupEpoch + 1 : group.groupEpoch;
        // as in Kafka, a member joining a group without members starts the initial rebalance delay, during which
        // no target assignment is computed (the members are told ASSIGNMENT_DELAYED)
        if (group.members.isEmpty()) {
            initialDelays.startIfAbsent(groupId);
        }
        String delayed = initialDelays.active(groupId) ? INITIAL_DELAY : null;

        if (topologyChanged) {
            records.add(StreamsGroupRecords.topology(groupId, topology));
        }
        if (old == null || !old.metadata().equals(member.metadata())) {
            records.add(StreamsGroupRecords.member(groupId, member.memberId, member.metadata()));
        }
        if (bump) {
            records.add(StreamsGroupRecords.groupEpoch(groupId, new StreamsGroupRecords.Epoch(groupEpoch, hash,
                    validated)));
        }
        int targetEpoch = group.targetAssignmentEpoch;
        Tasks target = group.targetAssignment.get(member.memberId);
        if (target == null && replacedId != null) {
            target = group.targetAssignment.get(replacedId);
        }
        if (delayed != null) {
            target = Tasks.EMPTY;
        } else if (groupEpoch > group.targetAssignmentEpoch && assignmentIntervalElapsed(group)) {
            target = computeTarget(records, group, member, reportedOffsets, replacedId, groupEpoch,
                    configured.ready() ? configured.tasksPerSubtopology() : new TreeMap<>()).get(member.memberId);
            targetEpoch = groupEpoch;
        } else {
            if (groupEpoch > group.targetAssignmentEpoch) {
                // members keep the current target until the interval is over and a heartbeat computes the next one
                delayed = INTERVAL_DELAY;
            }
            if (replacedId != null && target != null) {
                records.add(StreamsGroupRecords.targetMember(groupId, member.memberId, target));
            }
        }
        String removed = replacedId;
        TaskReconciler.reconcile(member, targetEpoch, target == null ? Tasks.EMPTY : target,
                TaskReconciler.Owned.of(request),
                (sub, p) -> group.isActiveElsewhere(sub, p, member.memberId, removed));
        if (old == null || !old.currentAssignment().equals(member.currentAssignment())) {
            records.add(StreamsGroupRecords.currentAssignment(groupId, member.memberId, member.currentAssignment()));
        }

        List<Status> statuses = statuses(group, member, topology, configured, delayed, info.apiVersion());
        StreamsGroupHeartbeatResponseData response = new StreamsGroupHeartbeatResponseData()
                .setMemberId(member.memberId).setMemberEpoch(member.memberEpoch)
                .setHeartbeatIntervalMs(config.heartbeatIntervalMs())
                // v1 carries the lag as an int64; Kafka 4.4 leaves v0's int32 "legacy" field at 0 (checked by the
                // streams differential test). TopologyDescriptionRequired (v1) stays false: no topology description
                // plugin is set
                .setAcceptableRecoveryLag(config.acceptableRecoveryLag())
                .setTaskOffsetIntervalMs(config.taskOffsetIntervalMs())
                .setStatus(statuses);
        // as Kafka: the tasks only on a join or when they changed (null means unchanged)
        if (request.memberEpoch() == 0 || old == null || !old.assigned.equals(member.assigned)) {
            response.setActiveTasks(StreamsEndpoints.taskIds(member.assigned.active()))
                    .setStandbyTasks(StreamsEndpoints.taskIds(member.assigned.standby()))
                    .setWarmupTasks(StreamsEndpoints.taskIds(member.assigned.warmup()));
        }
        String memberId = member.memberId;
        String replaced = replacedId;
        return write(groupId, records, response, () -> {
            if (replaced != null) {
                cancelTimers(groupId, replaced);
            }
            scheduleTimers(groupId, memberId);
            if (request.shutdownApplication() && group(groupId) != null) {
                group(groupId).shutdownRequested = true;
            }
            StreamsGroup live = group(groupId);
            if (live != null && live.members.containsKey(memberId)) {
                live.taskOffsets.put(memberId, reportedOffsets);
            }
            if (live != null) {
                StreamsEndpoints.endpoints(live, request, response);
            }
            createInternalTopics(configured);
        });
    }

    /** Applies the member's fields from the request (null = unchanged); true if assignment inputs changed. */
    private static boolean update(StreamsMember member, RequestInfo info, StreamsGroupHeartbeatRequestData request) {
        String processBefore = member.processId;
        String rackBefore = member.rackId;
        SortedMap<String, String> tagsBefore = new TreeMap<>(member.clientTags);
        int topologyBefore = member.topologyEpoch;
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
        if (request.topology() != null) {
            member.topologyEpoch = request.topology().epoch();
        }
        if (request.processId() != null) {
            member.processId = request.processId();
        }
        if (request.userEndpoint() != null) {
            member.userEndpoint = new Endpoint(request.userEndpoint().host(), request.userEndpoint().port());
        }
        if (request.clientTags() != null) {
            SortedMap<String, String> tags = new TreeMap<>();
            request.clientTags().forEach(kv -> tags.put(kv.key(), kv.value()));
            member.clientTags = tags;
        }
        return member.memberEpoch > 0 && (!Objects.equals(processBefore, member.processId)
                || !Objects.equals(rackBefore, member.rackId) || !tagsBefore.equals(member.clientTags)
                || topologyBefore != member.topologyEpoch);
    }

    /** The member a heartbeat with a positive epoch comes from, checked as Kafka does. */
    private static StreamsMember existingMember(StreamsGroup group, StreamsGroupHeartbeatRequestData request) {
        StreamsMember member = group.members.get(request.memberId());
        if (member == null) {
            throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                    + group.groupId() + ".");
        }
        int received = request.memberEpoch();
        TaskReconciler.Owned owned = TaskReconciler.Owned.of(request);
        if (received > member.memberEpoch || (received < member.memberEpoch
                && !(received == member.previousMemberEpoch && owned != null && owned.within(member.assigned)))) {
            throw new FencedMemberEpochException("The streams group member has a smaller member epoch (" + received
                    + ") than the one known by the group coordinator (" + member.memberEpoch + "). The member must "
                    + "abandon all its tasks and rejoin.");
        }
        return member;
    }

    /**
     * A new target assignment for every member, at {@code epoch}: records for what changed, then its epoch.
     *
     * @param member         the member of the heartbeat, as it will be (null when no member is heartbeating)
     * @param memberOffsets  the task offsets {@code member} reported with this heartbeat (null without member)
     * @param replacedId     the static member {@code member} replaces, or null
     */
    private Map<String, Tasks> computeTarget(List<CoordinatorRecord> records, StreamsGroup group, StreamsMember member,
                                             MemberTaskOffsets memberOffsets, String replacedId, int epoch,
                                             SortedMap<String, Integer> tasks) {
        List<StickyTaskAssignor.MemberSpec> specs = new ArrayList<>();
        for (StreamsMember m : group.members.values()) {
            if ((member == null || !m.memberId.equals(member.memberId)) && !m.memberId.equals(replacedId)) {
                specs.add(new StickyTaskAssignor.MemberSpec(m.memberId, m.processId,
                        group.targetAssignment.getOrDefault(m.memberId, Tasks.EMPTY), group.taskOffsets(m.memberId)));
            }
        }
        if (member != null) {
            Tasks previous = group.targetAssignment.get(member.memberId);
            if (previous == null && replacedId != null) {
                previous = group.targetAssignment.get(replacedId);
            }
            specs.add(new StickyTaskAssignor.MemberSpec(member.memberId, member.processId,
                    previous == null ? Tasks.EMPTY : previous, memberOffsets));
        }
        Map<String, Tasks> assignment = StickyTaskAssignor.assign(tasks, specs, config.numStandbyReplicas());
        assignment.forEach((id, t) -> {
            if (!t.equals(group.targetAssignment.get(id))) {
                records.add(StreamsGroupRecords.targetMember(group.groupId(), id, t));
            }
        });
        records.add(StreamsGroupRecords.targetEpoch(group.groupId(), epoch, shard.nowMs()));
        return assignment;
    }

    /**
     * When the initial rebalance delay of a group is over (timer callback, under the shard lock): the target
     * assignment of the members that joined meanwhile, at the group epoch they reached; they get it with their
     * next heartbeat.
     */
    private void assignAfterInitialDelay(String groupId) {
        StreamsGroup group = group(groupId);
        if (group == null || group.members.isEmpty() || group.topology == null
                || group.groupEpoch <= group.targetAssignmentEpoch || !assignmentIntervalElapsed(group)) {
            return;
        }
        ConfiguredTopology configured = ConfiguredTopology.of(group.topology, topics);
        List<CoordinatorRecord> records = new ArrayList<>();
        computeTarget(records, group, null, null, null, group.groupEpoch,
                configured.ready() ? configured.tasksPerSubtopology() : new TreeMap<>());
        shard.writeQuietly(records, "the target assignment of streams group " + groupId);
    }

    /** Whether group.streams.assignment.interval.ms has passed since the target assignment was last computed. */
    private boolean assignmentIntervalElapsed(StreamsGroup group) {
        long last = group.targetAssignmentTimestampMs;
        return last == 0 || config.assignmentIntervalMs() == 0
                || shard.nowMs() >= last + config.assignmentIntervalMs();
    }

    /**
     * The statuses of a heartbeat's response, in Kafka's order.
     *
     * @param delayed why the assignment is delayed, or null if it is not
     */
    private List<Status> statuses(StreamsGroup group, StreamsMember member,
                                  StreamsGroupHeartbeatRequestData.Topology topology, ConfiguredTopology configured,
                                  String delayed, short apiVersion) {
        List<Status> out = new ArrayList<>();
        if (member.topologyEpoch < topology.epoch()) {
            out.add(new Status().setStatusCode(STALE_TOPOLOGY).setStatusDetail("The member's topology epoch "
                    + member.topologyEpoch + " is behind the group's topology epoch " + topology.epoch() + "."));
        }
        if (delayed != null) {
            out.add(new Status().setStatusCode(ASSIGNMENT_DELAYED).setStatusDetail(delayed));
        }
        if (!configured.missingSourceTopics().isEmpty()) {
            out.add(new Status().setStatusCode(MISSING_SOURCE_TOPICS).setStatusDetail("Source topics "
                    + summarize(new TreeSet<>(configured.missingSourceTopics())) + " are missing."));
        }
        if (!configured.incorrectlyPartitionedTopics().isEmpty()) {
            out.add(new Status().setStatusCode(INCORRECTLY_PARTITIONED_TOPICS).setStatusDetail("Following topics do not "
                    + "have the same number of partitions: " + configured.incorrectlyPartitionedTopics()));
        }
        if (!configured.missingInternalTopics().isEmpty()) {
            out.add(new Status().setStatusCode(MISSING_INTERNAL_TOPICS).setStatusDetail("Internal topics are missing: "
                    + summarize(configured.missingInternalTopics().keySet())));
        }
        if (group.shutdownRequested) {
            out.add(new Status().setStatusCode(SHUTDOWN_APPLICATION).setStatusDetail("A KafkaStreams instance "
                    + "encountered a fatal error and requested a shutdown for the entire application."));
        }
        // version 0 members do not know this status
        List<String> missingTags = config.rackAwareAssignmentTags().stream()
                .filter(tag -> !member.clientTags.containsKey(tag)).toList();
        if (apiVersion >= CLIENT_TAGS_STATUS_VERSION && !missingTags.isEmpty()) {
            out.add(new Status().setStatusCode(MISSING_CLIENT_TAGS).setStatusDetail("Missing required client tags "
                    + "for rack-aware standby assignment: " + missingTags + ". Configure them via "
                    + "'client.tag.<tagKey>' in your Streams config."));
        }
        return out;
    }

    /** Topics in a status detail as Kafka 4.4 lists them: the first three, then how many more. */
    private static String summarize(Collection<String> topicNames) {
        String shown = topicNames.stream().limit(3).collect(Collectors.joining(", "));
        return topicNames.size() > 3 ? shown + " and " + (topicNames.size() - 3) + " additional topics" : shown;
    }

    private void createInternalTopics(ConfiguredTopology configured) {
        for (ConfiguredTopology.InternalTopic t : configured.missingInternalTopics().values()) {
            shard.defer(() -> creator.create(t.name(), t.partitions(), t.configs()));
        }
    }

    // ---- leave ----

    private CompletableFuture<StreamsGroupHeartbeatResponseData> leave(StreamsGroup group,
                                                                     StreamsGroupHeartbeatRequestData request) {
        StreamsMember member = group.members.get(request.memberId());
        StreamsGroupHeartbeatResponseData response = new StreamsGroupHeartbeatResponseData()
                .setMemberId(request.memberId()).setMemberEpoch(request.memberEpoch());
        if (member == null) {
            throw new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                    + group.groupId() + ".");
        }
        List<CoordinatorRecord> records = new ArrayList<>();
        if (request.memberEpoch() == STATIC_LEAVE_EPOCH) {
            // a static member that will come back keeps its tasks until its session times out
            StreamsMember left = member.copy();
            left.previousMemberEpoch = member.memberEpoch;
            left.memberEpoch = STATIC_LEAVE_EPOCH;
            records.add(StreamsGroupRecords.currentAssignment(group.groupId(), left.memberId, left.currentAssignment()));
            return write(group.groupId(), records, response, () -> scheduleSession(group.groupId(), left.memberId));
        }
        removalRecords(records, group, member);
        return write(group.groupId(), records, response, () -> cancelTimers(group.groupId(), member.memberId));
    }

    /** A member's removal, in Kafka's order (current assignment, target, member), and the bumped group epoch. */
    private static void removalRecords(List<CoordinatorRecord> records, StreamsGroup group, StreamsMember member) {
        String groupId = group.groupId();
        records.add(StreamsGroupRecords.memberTombstone(StreamsGroupRecords.CURRENT_MEMBER_ASSIGNMENT, groupId,
                member.memberId));
        records.add(StreamsGroupRecords.memberTombstone(StreamsGroupRecords.TARGET_ASSIGNMENT_MEMBER, groupId,
                member.memberId));
        records.add(StreamsGroupRecords.memberTombstone(StreamsGroupRecords.MEMBER_METADATA, groupId, member.memberId));
        records.add(StreamsGroupRecords.groupEpoch(groupId, new StreamsGroupRecords.Epoch(group.groupEpoch + 1,
                group.metadataHash, group.validatedTopologyEpoch)));
    }

    private CompletableFuture<StreamsGroupHeartbeatResponseData> write(String groupId, List<CoordinatorRecord> records,
                                                                     StreamsGroupHeartbeatResponseData response,
                                                                     Runnable written) {
        CompletableFuture<Void> durable;
        try {
            durable = shard.write(records);
        } catch (RuntimeException e) {
            log.warn("Could not write streams group {}: {}", groupId, e.toString());
            return CompletableFuture.completedFuture(new StreamsGroupHeartbeatResponseData()
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
        written.run();
        return durable.handle((done, failure) -> failure == null ? response
                : new StreamsGroupHeartbeatResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
    }

    // ---- timeouts ----

    /** Removes the member on its session or rebalance timeout (timer callback, under the shard lock). */
    private void expire(String groupId, String memberId, int revokingEpoch) {
        StreamsGroup group = group(groupId);
        StreamsMember member = group == null ? null : group.members.get(memberId);
        if (member == null) {
            return;
        }
        if (revokingEpoch == MemberTimers.SESSION) {
            log.info("Member {} of streams group {} timed out", memberId, groupId);
            fence(group, member);
        } else if (member.memberEpoch == revokingEpoch && member.state == StreamsMember.State.UNREVOKED_TASKS) {
            log.info("Member {} of streams group {} did not revoke its tasks within its rebalance timeout", memberId,
                    groupId);
            fence(group, member);
        }
    }

    private void scheduleTimers(String groupId, String memberId) {
        StreamsGroup group = group(groupId);
        StreamsMember member = group == null ? null : group.members.get(memberId);
        if (member != null) {
            afterHeartbeat(groupId, member);
        }
    }

    private void afterHeartbeat(String groupId, StreamsMember member) {
        timers.afterHeartbeat(groupId, member.memberId, member.state == StreamsMember.State.UNREVOKED_TASKS,
                member.memberEpoch, member.rebalanceTimeoutMs);
    }

    private void scheduleSession(String groupId, String memberId) {
        timers.scheduleSession(groupId, memberId);
    }

    private void cancelTimers(String groupId, String memberId) {
        timers.cancel(groupId, memberId);
    }

    /** Removes the member; if the write fails it stays, and its session timer starts again. */
    private void fence(StreamsGroup group, StreamsMember member) {
        List<CoordinatorRecord> records = new ArrayList<>();
        removalRecords(records, group, member);
        try {
            shard.write(records).whenComplete((done, error) -> {
                if (error != null) {
                    log.warn("Could not make the removal of member {} of streams group {} durable: {}",
                            member.memberId, group.groupId(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not remove member {} of streams group {}: {}", member.memberId, group.groupId(),
                    e.toString());
            scheduleSession(group.groupId(), member.memberId);
            return;
        }
        cancelTimers(group.groupId(), member.memberId);
    }

    // ---- describe ----

    /**
     * StreamsGroupDescribe of one group.
     *
     * @param includeTopologyDescription the request's IncludeTopologyDescription (version 1 and later)
     */
    public StreamsGroupDescribeResponseData.DescribedGroup describe(String groupId, boolean includeTopologyDescription) {
        Group group = shard.group(groupId);
        if (!(group instanceof StreamsGroup streams)) {
            return new StreamsGroupDescribeResponseData.DescribedGroup().setGroupId(groupId)
                    .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage(group == null ? "Group " + groupId + " not found."
                            : "Group " + groupId + " is not a streams group.");
        }
        return StreamsGroupDescriptions.describe(streams, includeTopologyDescription);
    }

    // ---- replay ----

    @Override
    public boolean replay(GroupRecordKey key, ByteBuffer value) {
        if (!(key instanceof StreamsGroupKey k)) {
            return false;
        }
        String groupId = k.groupId();
        StreamsGroup group = group(groupId);
        switch (k.type()) {
            case StreamsGroupRecords.GROUP_METADATA -> {
                if (value == null) {
                    removeGroup(groupId);
                } else {
                    StreamsGroupRecords.Epoch epoch = StreamsGroupRecords.decodeGroupEpoch(value);
                    StreamsGroup g = getOrCreate(groupId);
                    g.groupEpoch = epoch.epoch();
                    g.metadataHash = epoch.metadataHash();
                    g.validatedTopologyEpoch = epoch.validatedTopologyEpoch();
                }
            }
            case StreamsGroupRecords.TOPOLOGY -> {
                if (value != null) {
                    getOrCreate(groupId).topology = StreamsGroupRecords.decodeTopology(value);
                } else if (group != null) {
                    group.topology = null;
                }
            }
            case StreamsGroupRecords.MEMBER_METADATA -> {
                if (value != null) {
                    StreamsGroup g = getOrCreate(groupId);
                    g.members.computeIfAbsent(k.memberId(), StreamsMember::new)
                            .apply(StreamsGroupRecords.decodeMember(value));
                    g.stateTimestampMs = shard.nowMs();
                } else if (group != null) {
                    group.members.remove(k.memberId());
                    group.taskOffsets.remove(k.memberId());
                    group.stateTimestampMs = shard.nowMs();
                }
            }
            case StreamsGroupRecords.TARGET_ASSIGNMENT_METADATA -> {
                if (value != null) {
                    StreamsGroup g = getOrCreate(groupId);
                    g.targetAssignmentEpoch = StreamsGroupRecords.decodeTargetEpoch(value);
                    g.targetAssignmentTimestampMs = StreamsGroupRecords.decodeTargetTimestamp(value);
                }
            }
            case StreamsGroupRecords.TARGET_ASSIGNMENT_MEMBER -> {
                if (value != null) {
                    getOrCreate(groupId).targetAssignment.put(k.memberId(),
                            StreamsGroupRecords.decodeTargetMember(value));
                } else if (group != null) {
                    group.targetAssignment.remove(k.memberId());
                }
            }
            case StreamsGroupRecords.CURRENT_MEMBER_ASSIGNMENT -> {
                if (value != null) {
                    getOrCreate(groupId).members.computeIfAbsent(k.memberId(), StreamsMember::new)
                            .apply(StreamsGroupRecords.decodeCurrentAssignment(value));
                } else if (group != null && group.members.get(k.memberId()) != null) {
                    StreamsMember m = group.members.get(k.memberId());
                    m.apply(new StreamsGroupRecords.CurrentAssignment(0, 0, (byte) 0, Tasks.EMPTY, Tasks.EMPTY));
                }
            }
            default -> {
                // no other streams record types are written
            }
        }
        return true;
    }

    private StreamsGroup getOrCreate(String groupId) {
        if (shard.group(groupId) instanceof StreamsGroup g) {
            return g;
        }
        StreamsGroup group = new StreamsGroup(groupId, shard.nowMs());
        shard.putGroup(group);
        return group;
    }

    private void removeGroup(String groupId) {
        StreamsGroup live = group(groupId);
        if (live != null) {
            live.markDead();
            shard.removeGroup(live);
            timers.cancelGroup(groupId);
            initialDelays.cancel(groupId);
        }
    }

    /** After loading: restored members get their session timers (and rebalance timers if revoking) from now. */
    @Override
    public void onLoaded(Group loaded) {
        if (loaded instanceof StreamsGroup group) {
            for (StreamsMember member : group.members.values()) {
                afterHeartbeat(group.groupId(), member);
            }
        }
    }
}
