package io.lanes.coordinator.group.classic;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupType;
import io.lanes.coordinator.group.records.GroupMetadataValue;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import io.lanes.coordinator.group.timeline.Ownership;
import io.lanes.coordinator.runtime.Scheduler;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A classic group: state, generation, selected protocol, leader, members (in join order),
 * pending members (given a member id by MEMBER_ID_REQUIRED but not joined yet) and static
 * members (group.instance.id to member id). The protocol logic lives in
 * {@link ClassicRebalancer}, {@link ClassicJoins} and {@link ClassicMembers}; this class keeps
 * the data consistent and answers questions about it.
 *
 * <p>Not thread-safe: guarded by the lock of the group's shard.
 */
public final class ClassicGroup implements Group {
    public static final String CONSUMER_PROTOCOL_TYPE = ConsumerProtocol.PROTOCOL_TYPE;

    private final String groupId;
    private ClassicGroupState state = ClassicGroupState.EMPTY;
    private long stateTimestampMs;
    private int generation;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final LinkedHashMap<String, ClassicMember> members = new LinkedHashMap<>();
    private final Map<String, Scheduler.Task> pendingMembers = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    /** Members of the current CompletingRebalance generation that have not sent SyncGroup. */
    private final Set<String> pendingSync = new HashSet<>();
    private Scheduler.Task rebalanceTimer;
    /** Identifies the current rebalance timer; a timer that finds another token here is stale. */
    private Object rebalanceToken;
    /** During the initial delayed join of an Empty group: time still allowed, and whether members came. */
    private boolean initialDelayActive;
    private long initialDelayRemainingMs;
    private boolean newMemberAdded;
    /** When the rebalance under way entered PreparingRebalance, or -1 when none is (for the timeline). */
    private long rebalanceStartMs = -1;
    /** Partition owners as of the last assignment (for the timeline). */
    private final Ownership ownership = new Ownership();

    ClassicGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.stateTimestampMs = nowMs;
    }

    /** The Empty "simple" group that offsets committed without a group make, as in Kafka. */
    public static ClassicGroup offsetsOnly(String groupId, long commitTimestampMs) {
        return new ClassicGroup(groupId, commitTimestampMs);
    }

    /** A group restored from its snapshot: Empty without members, Stable with them. */
    static ClassicGroup fromSnapshot(String groupId, GroupMetadataValue value) {
        ClassicGroup group = new ClassicGroup(groupId, value.stateTimestampMs());
        group.generation = value.generation();
        group.protocolType = value.protocolType();
        group.protocolName = value.protocolName();
        group.leaderId = value.leader();
        for (GroupMetadataValue.Member m : value.members()) {
            LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
            protocols.put(value.protocolName(), m.subscription());
            ClassicMember member = new ClassicMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), protocols);
            member.setAssignment(m.assignment());
            group.add(member);
        }
        group.state = group.members.isEmpty() ? ClassicGroupState.EMPTY : ClassicGroupState.STABLE;
        return group;
    }

    /** The snapshot of the current generation, with the given assignments (member id to bytes). */
    GroupMetadataValue snapshot(Map<String, byte[]> assignments) {
        List<GroupMetadataValue.Member> out = new ArrayList<>();
        for (ClassicMember m : members.values()) {
            byte[] assignment = assignments.getOrDefault(m.memberId(), new byte[0]);
            byte[] subscription = protocolName == null ? new byte[0] : m.metadata(protocolName);
            out.add(new GroupMetadataValue.Member(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), subscription == null ? new byte[0] : subscription,
                    assignment == null ? new byte[0] : assignment));
        }
        return new GroupMetadataValue(protocolType, generation, protocolName, leaderId, stateTimestampMs, out);
    }

    /** The snapshot of the Empty generation that follows this one (a join phase that ended without members). */
    GroupMetadataValue nextEmptySnapshot(long nowMs) {
        return new GroupMetadataValue(protocolType, generation + 1, null, null, nowMs, List.of());
    }

    /**
     * Who owns which partition by the members' current assignments, as the consumer protocol encodes them; empty
     * for other protocol types. An assignment that cannot be decoded counts as none.
     */
    Map<TopicPartition, String> owners() {
        Map<TopicPartition, String> out = new HashMap<>();
        if (!CONSUMER_PROTOCOL_TYPE.equals(protocolType)) {
            return out;
        }
        for (ClassicMember m : members.values()) {
            byte[] assignment = m.assignment();
            if (assignment == null || assignment.length == 0) {
                continue;
            }
            try {
                for (TopicPartition tp : ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(assignment)).partitions()) {
                    out.put(tp, m.memberId());
                }
            } catch (RuntimeException unparsable) {
                // a client's own encoding under the consumer protocol type: nothing to show
            }
        }
        return out;
    }

    Ownership ownership() { return ownership; }
    long rebalanceStartMs() { return rebalanceStartMs; }
    void setRebalanceStartMs(long ms) { rebalanceStartMs = ms; }

    Map<String, byte[]> currentAssignments() {
        Map<String, byte[]> out = new HashMap<>();
        members.values().forEach(m -> out.put(m.memberId(), m.assignment()));
        return out;
    }

    // ---- Group ----

    @Override
    public String groupId() { return groupId; }

    @Override
    public GroupType type() { return GroupType.CLASSIC; }

    @Override
    public List<CoordinatorRecord> deletionRecords() {
        return List.of(GroupRecords.groupTombstone(groupId));
    }

    @Override
    public String stateName() { return state.wireName(); }

    @Override
    public String protocolTypeOrEmpty() { return protocolType == null ? "" : protocolType; }

    @Override
    public boolean isEmpty() { return state == ClassicGroupState.EMPTY; }

    @Override
    public long stateTimestampMs() { return stateTimestampMs; }

    @Override
    public void validateOffsetCommit(String memberId, String groupInstanceId, int generationId) {
        if (state == ClassicGroupState.DEAD) {
            throw new CoordinatorNotAvailableException("Group " + groupId + " is being deleted.");
        }
        if (generationId < 0 && state == ClassicGroupState.EMPTY) {
            return; // a simple (admin or manually assigned) commit to a group without members
        }
        if (generationId >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
            validateMember(memberId, groupInstanceId);
            if (generationId != generation) {
                throw new IllegalGenerationException("The generation " + generationId + " is not the current "
                        + "generation " + generation + " of group " + groupId + ".");
            }
        } else {
            throw new UnknownMemberIdException("Group " + groupId + " has members; a commit without member id "
                    + "and generation is only allowed while it is Empty.");
        }
        if (state == ClassicGroupState.COMPLETING_REBALANCE) {
            throw new RebalanceInProgressException("Group " + groupId + " is completing a rebalance.");
        }
    }

    @Override
    public void validateOffsetDelete() {
        if (state == ClassicGroupState.DEAD) {
            throw new GroupIdNotFoundException("Group " + groupId + " does not exist.");
        }
        if (state != ClassicGroupState.EMPTY && !CONSUMER_PROTOCOL_TYPE.equals(protocolType)) {
            throw new GroupNotEmptyException("Group " + groupId + " is not empty.");
        }
    }

    @Override
    public void validateDelete() {
        if (state == ClassicGroupState.DEAD) {
            throw new GroupIdNotFoundException("Group " + groupId + " does not exist.");
        }
        if (state != ClassicGroupState.EMPTY) {
            throw new GroupNotEmptyException("Group " + groupId + " is not empty.");
        }
    }

    @Override
    public boolean isSubscribedTo(String topic) {
        if (state == ClassicGroupState.EMPTY || !CONSUMER_PROTOCOL_TYPE.equals(protocolType) || protocolName == null) {
            return false;
        }
        for (ClassicMember member : members.values()) {
            byte[] metadata = member.metadata(protocolName);
            if (metadata == null) {
                continue;
            }
            try {
                if (ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata)).topics().contains(topic)) {
                    return true;
                }
            } catch (RuntimeException unparsable) {
                return true; // cannot tell: be safe and keep the offsets
            }
        }
        return false;
    }

    /**
     * Members with their metadata and assignment when Stable; during a rebalance members only,
     * as Kafka reports them.
     */
    @Override
    public DescribedGroup describe() {
        boolean stable = state == ClassicGroupState.STABLE;
        DescribedGroup described = new DescribedGroup()
                .setGroupId(groupId)
                .setGroupState(state.wireName())
                .setProtocolType(protocolTypeOrEmpty())
                .setProtocolData(stable && protocolName != null ? protocolName : "");
        for (ClassicMember m : members.values()) {
            byte[] metadata = stable ? m.metadata(protocolName) : null;
            described.members().add(new DescribedGroupMember()
                    .setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId())
                    .setClientId(m.clientId())
                    .setClientHost(m.clientHost())
                    .setMemberMetadata(metadata == null ? new byte[0] : metadata)
                    .setMemberAssignment(stable ? m.assignment() : new byte[0]));
        }
        return described;
    }

    @Override
    public void markDead() {
        transitionTo(ClassicGroupState.DEAD, stateTimestampMs);
        cancelRebalanceTimer();
        pendingMembers.values().forEach(Scheduler.Task::cancel);
        pendingMembers.clear();
        for (ClassicMember member : members.values()) {
            member.cancelHeartbeatTimer();
        }
    }

    // ---- membership ----

    /** Throws UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID unless the ids name a current member. */
    void validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String registered = staticMembers.get(groupInstanceId);
            if (registered == null) {
                throw new UnknownMemberIdException("Instance id " + groupInstanceId + " is not in group " + groupId + ".");
            }
            if (!registered.equals(memberId)) {
                throw new FencedInstanceIdException("Instance id " + groupInstanceId + " of group " + groupId
                        + " now belongs to member " + registered + ", not " + memberId + ".");
            }
        } else if (!members.containsKey(memberId)) {
            throw new UnknownMemberIdException("Member " + memberId + " is not in group " + groupId + ".");
        }
    }

    /** The error validateMember would throw, or NONE. */
    Errors memberError(String memberId, String groupInstanceId) {
        try {
            validateMember(memberId, groupInstanceId);
            return Errors.NONE;
        } catch (RuntimeException e) {
            return Errors.forException(e);
        }
    }

    void add(ClassicMember member) {
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
    }

    void setProtocolType(String protocolType) { this.protocolType = protocolType; }

    /** Removes a member; the leader passes to the next member in join order. Returns the removed member or null. */
    ClassicMember remove(String memberId) {
        ClassicMember member = members.remove(memberId);
        if (member == null) {
            return null;
        }
        member.cancelHeartbeatTimer();
        if (member.isStatic() && memberId.equals(staticMembers.get(member.groupInstanceId()))) {
            staticMembers.remove(member.groupInstanceId());
        }
        pendingSync.remove(memberId);
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        return member;
    }

    /** Gives a static member a new member id (a restarted instance); returns the member. */
    ClassicMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        ClassicMember member = members.remove(oldMemberId);
        member.setMemberId(newMemberId);
        // keep the join order: rebuild the map with the member in its old place
        LinkedHashMap<String, ClassicMember> reordered = new LinkedHashMap<>();
        members.forEach(reordered::put);
        members.clear();
        members.put(newMemberId, member);
        members.putAll(reordered);
        staticMembers.put(groupInstanceId, newMemberId);
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        if (pendingSync.remove(oldMemberId)) {
            pendingSync.add(newMemberId);
        }
        return member;
    }

    ClassicMember member(String memberId) { return members.get(memberId); }
    boolean has(String memberId) { return members.containsKey(memberId); }
    Collection<ClassicMember> members() { return members.values(); }
    int size() { return members.size(); }
    String staticMemberId(String groupInstanceId) { return staticMembers.get(groupInstanceId); }

    boolean isPending(String memberId) { return pendingMembers.containsKey(memberId); }
    void addPending(String memberId, Scheduler.Task expiry) { pendingMembers.put(memberId, expiry); }

    boolean removePending(String memberId) {
        Scheduler.Task task = pendingMembers.remove(memberId);
        if (task != null) {
            task.cancel();
            return true;
        }
        return false;
    }

    boolean allMembersJoined() {
        if (!pendingMembers.isEmpty()) {
            return false;
        }
        for (ClassicMember m : members.values()) {
            if (!m.isAwaitingJoin()) {
                return false;
            }
        }
        return true;
    }

    /** The largest rebalance timeout of the members: how long a join phase may last. */
    int rebalanceTimeoutMs() {
        int max = 0;
        for (ClassicMember m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs());
        }
        return max;
    }

    // ---- protocols ----

    /** Whether a member with these protocols may join: same type, and one protocol every member supports. */
    boolean supportsProtocols(String memberProtocolType, Set<String> memberProtocols) {
        if (memberProtocolType == null || memberProtocolType.isEmpty() || memberProtocols.isEmpty()) {
            return false;
        }
        if (members.isEmpty()) {
            return true;
        }
        if (!memberProtocolType.equals(protocolType)) {
            return false;
        }
        Set<String> common = new LinkedHashSet<>(memberProtocols);
        members.values().forEach(m -> common.retainAll(m.protocolNames()));
        return !common.isEmpty();
    }

    /**
     * The protocol for the next generation: among the protocols every member supports, the one
     * most members list first; ties go to the earliest in the leader's preference order.
     */
    String selectProtocol() {
        Set<String> candidates = null;
        for (ClassicMember m : members.values()) {
            if (candidates == null) {
                candidates = new LinkedHashSet<>(m.protocolNames());
            } else {
                candidates.retainAll(m.protocolNames());
            }
        }
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalStateException("No protocol supported by all members of group " + groupId);
        }
        Map<String, Integer> votes = new HashMap<>();
        for (ClassicMember m : members.values()) {
            votes.merge(m.vote(candidates), 1, Integer::sum);
        }
        String best = null;
        for (String candidate : orderedFor(candidates)) {
            if (best == null || votes.getOrDefault(candidate, 0) > votes.getOrDefault(best, 0)) {
                best = candidate;
            }
        }
        return best;
    }

    private List<String> orderedFor(Set<String> candidates) {
        ClassicMember leader = leaderId == null ? null : members.get(leaderId);
        List<String> ordered = new ArrayList<>();
        if (leader != null) {
            leader.protocolNames().stream().filter(candidates::contains).forEach(ordered::add);
        }
        candidates.stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
        return ordered;
    }

    /** The member list the leader receives: every member's metadata for the selected protocol. */
    List<JoinGroupResponseMember> leaderView() {
        List<JoinGroupResponseMember> out = new ArrayList<>();
        for (ClassicMember m : members.values()) {
            out.add(new JoinGroupResponseMember()
                    .setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId())
                    .setMetadata(m.metadata(protocolName)));
        }
        return out;
    }

    // ---- state ----

    ClassicGroupState state() { return state; }
    boolean is(ClassicGroupState s) { return state == s; }
    int generation() { return generation; }

    @Override
    public int memberCount() {
        return members.size();
    }

    @Override
    public int generationOrEpoch() {
        return generation;
    }
    String protocolType() { return protocolType; }
    String protocolName() { return protocolName; }
    String leaderId() { return leaderId; }
    boolean isLeader(String memberId) { return memberId.equals(leaderId); }

    void transitionTo(ClassicGroupState target, long nowMs) {
        if (!target.canFollow(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot go from " + state + " to " + target);
        }
        state = target;
        stateTimestampMs = nowMs;
    }

    /** Starts the next generation: bumps the generation and selects the protocol (none when Empty). */
    void nextGeneration(long nowMs) {
        generation++;
        if (members.isEmpty()) {
            protocolName = null;
            transitionTo(ClassicGroupState.EMPTY, nowMs);
        } else {
            protocolName = selectProtocol();
            transitionTo(ClassicGroupState.COMPLETING_REBALANCE, nowMs);
            pendingSync.clear();
            pendingSync.addAll(members.keySet());
        }
    }

    Set<String> pendingSync() { return pendingSync; }

    void setRebalanceTimer(Object token, Scheduler.Task timer) {
        cancelRebalanceTimer();
        rebalanceToken = token;
        rebalanceTimer = timer;
    }

    boolean isCurrentRebalanceTimer(Object token) {
        return token == rebalanceToken;
    }

    void cancelRebalanceTimer() {
        rebalanceToken = null;
        if (rebalanceTimer != null) {
            rebalanceTimer.cancel();
            rebalanceTimer = null;
        }
    }

    boolean initialDelayActive() { return initialDelayActive; }
    long initialDelayRemainingMs() { return initialDelayRemainingMs; }
    boolean newMemberAdded() { return newMemberAdded; }

    void startInitialDelay(long remainingMs) {
        initialDelayActive = true;
        initialDelayRemainingMs = remainingMs;
        newMemberAdded = false;
    }

    void continueInitialDelay(long remainingMs) {
        initialDelayRemainingMs = remainingMs;
        newMemberAdded = false;
    }

    void endInitialDelay() {
        initialDelayActive = false;
        newMemberAdded = false;
    }

    void noteNewMember() {
        if (initialDelayActive) {
            newMemberAdded = true;
        }
    }
}
