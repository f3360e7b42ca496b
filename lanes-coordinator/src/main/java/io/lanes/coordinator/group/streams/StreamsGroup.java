package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupType;
import io.lanes.coordinator.group.records.StreamsGroupRecords;
import io.lanes.coordinator.group.records.StreamsGroupRecords.Tasks;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.StaleMemberEpochException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A KIP-1071 streams group: its epoch, topology, members, target assignment and the members' current assignments,
 * as replayed from its records (only {@link StreamsGroups#replay} changes it). Its state is derived as Kafka derives
 * it: Empty without members, NotReady while the topology is missing or its topics are not (all) there, Assigning
 * while the target assignment is older than the group epoch, Reconciling while a member has not reached it, else
 * Stable. Not thread-safe (under the shard lock).
 */
final class StreamsGroup implements Group {
    static final String PROTOCOL_TYPE = "streams";

    /**
     * The epochs of a new group, before any record: Kafka 4.4 starts both the group and the target assignment at 1,
     * so a member that joins and gets the (empty) initial target is at epoch 1, never at the joining epoch 0.
     */
    static final int INITIAL_EPOCH = 1;

    private final String groupId;
    int groupEpoch = INITIAL_EPOCH;
    long metadataHash;
    int validatedTopologyEpoch = -1;
    StreamsGroupHeartbeatRequestData.Topology topology;
    final Map<String, StreamsMember> members = new TreeMap<>();
    int targetAssignmentEpoch = INITIAL_EPOCH;
    /** When the target assignment was last computed (epoch millis), 0 before the first time. */
    long targetAssignmentTimestampMs;
    final Map<String, Tasks> targetAssignment = new TreeMap<>();
    /** Not persisted (as in Kafka): a member asked every member to shut down. */
    boolean shutdownRequested;
    /** Not persisted (as in Kafka): member id to the task offsets it last reported. */
    final Map<String, MemberTaskOffsets> taskOffsets = new HashMap<>();
    long stateTimestampMs;
    private boolean dead;

    StreamsGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.stateTimestampMs = nowMs;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.STREAMS;
    }

    @Override
    public String stateName() {
        if (dead) {
            return "Dead";
        }
        if (members.isEmpty()) {
            return "Empty";
        }
        if (topology == null || validatedTopologyEpoch != topology.epoch()) {
            return "NotReady";
        }
        if (targetAssignmentEpoch != groupEpoch) {
            return "Assigning";
        }
        for (StreamsMember m : members.values()) {
            if (m.memberEpoch != targetAssignmentEpoch || m.state != StreamsMember.State.STABLE) {
                return "Reconciling";
            }
        }
        return "Stable";
    }

    @Override
    public String protocolTypeOrEmpty() {
        return PROTOCOL_TYPE;
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public int memberCount() {
        return members.size();
    }

    @Override
    public int generationOrEpoch() {
        return groupEpoch;
    }

    @Override
    public long stateTimestampMs() {
        return stateTimestampMs;
    }

    /** As Kafka: a member commits with its current member epoch; admin commits (epoch -1) only to an empty group. */
    @Override
    public void validateOffsetCommit(String memberId, String groupInstanceId, int generationOrEpoch) {
        if (generationOrEpoch < 0 && members.isEmpty()) {
            return;
        }
        StreamsMember member = members.get(memberId);
        if (member == null) {
            throw new UnknownMemberIdException("Member " + memberId + " is not a member of group " + groupId + ".");
        }
        if (generationOrEpoch != member.memberEpoch) {
            throw new StaleMemberEpochException("The member epoch " + generationOrEpoch + " is stale; the current one "
                    + "is " + member.memberEpoch + ".");
        }
    }

    @Override
    public void validateOffsetDelete() {
    }

    @Override
    public void validateDelete() {
        if (!members.isEmpty()) {
            throw new GroupNotEmptyException("Group " + groupId + " is not empty.");
        }
    }

    @Override
    public boolean isSubscribedTo(String topic) {
        if (topology == null || members.isEmpty()) {
            return false;
        }
        for (StreamsGroupHeartbeatRequestData.Subtopology s : topology.subtopologies()) {
            if (s.sourceTopics().contains(topic) || s.repartitionSourceTopics().stream()
                    .anyMatch(t -> t.name().equals(topic))) {
                return true;
            }
        }
        return false;
    }

    /** DescribeGroups is for classic groups: a streams group is reported as not found, as Kafka does. */
    @Override
    public DescribedGroup describe() {
        return new DescribedGroup().setGroupId(groupId).setGroupState("Dead").setProtocolType("").setProtocolData("")
                .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                .setErrorMessage("Group " + groupId + " is not a classic group.");
    }

    /** Kafka's order: current assignments, target assignments, target metadata, members, topology, group epoch. */
    @Override
    public List<CoordinatorRecord> deletionRecords() {
        List<CoordinatorRecord> out = new ArrayList<>();
        for (String memberId : members.keySet()) {
            out.add(StreamsGroupRecords.memberTombstone(StreamsGroupRecords.CURRENT_MEMBER_ASSIGNMENT, groupId,
                    memberId));
        }
        for (String memberId : targetAssignment.keySet()) {
            out.add(StreamsGroupRecords.memberTombstone(StreamsGroupRecords.TARGET_ASSIGNMENT_MEMBER, groupId,
                    memberId));
        }
        out.add(StreamsGroupRecords.groupTombstone(StreamsGroupRecords.TARGET_ASSIGNMENT_METADATA, groupId));
        for (String memberId : members.keySet()) {
            out.add(StreamsGroupRecords.memberTombstone(StreamsGroupRecords.MEMBER_METADATA, groupId, memberId));
        }
        out.add(StreamsGroupRecords.groupTombstone(StreamsGroupRecords.TOPOLOGY, groupId));
        out.add(StreamsGroupRecords.groupTombstone(StreamsGroupRecords.GROUP_METADATA, groupId));
        return out;
    }

    @Override
    public void markDead() {
        dead = true;
    }

    /** The member holding a static instance id, or null. */
    StreamsMember staticMember(String instanceId) {
        for (StreamsMember m : members.values()) {
            if (instanceId.equals(m.instanceId)) {
                return m;
            }
        }
        return null;
    }

    /** True when a member other than {@code memberId} (and {@code ignored}) holds the active task or revokes it. */
    boolean isActiveElsewhere(String subtopology, int partition, String memberId, String ignored) {
        for (StreamsMember m : members.values()) {
            if (m.memberId.equals(memberId) || m.memberId.equals(ignored)) {
                continue;
            }
            if (contains(m.assigned.active(), subtopology, partition)
                    || contains(m.pendingRevocation.active(), subtopology, partition)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(Map<String, ? extends java.util.Set<Integer>> tasks, String id, int p) {
        java.util.Set<Integer> parts = tasks.get(id);
        return parts != null && parts.contains(p);
    }

    MemberTaskOffsets taskOffsets(String memberId) {
        return taskOffsets.getOrDefault(memberId, MemberTaskOffsets.EMPTY);
    }
}
