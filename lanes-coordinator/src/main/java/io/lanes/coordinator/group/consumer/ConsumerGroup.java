package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupType;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.StaleMemberEpochException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A KIP-848 consumer group: members, the group epoch (bumped when subscriptions or the
 * subscribed topics' metadata change), the target assignment and its epoch.
 *
 * <p>Not thread-safe: used under the shard lock.
 */
public final class ConsumerGroup implements Group {
    private final String groupId;
    final Map<String, ConsumerMember> members = new LinkedHashMap<>();
    int groupEpoch;
    int targetAssignmentEpoch;
    /** memberId to its target partitions. */
    Map<String, Map<Uuid, Set<Integer>>> targetAssignment = new HashMap<>();
    /** Partition counts of the subscribed topics when the group epoch was last bumped. */
    Map<String, Integer> subscriptionMetadata = new TreeMap<>();
    String assignorName;
    /** What the members' regular expressions resolve to; not persisted (recomputed from the topics). */
    final ResolvedRegexes regexes = new ResolvedRegexes();
    long stateTimestampMs;
    boolean dead;
    /** Partition owners as the timeline last saw them; not persisted. */
    final io.lanes.coordinator.group.timeline.Ownership ownership = new io.lanes.coordinator.group.timeline.Ownership();

    ConsumerGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.stateTimestampMs = nowMs;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.CONSUMER;
    }

    /** Kafka's consumer group states: Empty, Assigning, Reconciling, Stable (Dead once deleted). */
    @Override
    public String stateName() {
        if (dead) {
            return "Dead";
        }
        if (members.isEmpty()) {
            return "Empty";
        }
        if (groupEpoch > targetAssignmentEpoch) {
            return "Assigning";
        }
        for (ConsumerMember m : members.values()) {
            if (m.memberEpoch != targetAssignmentEpoch || m.state != ConsumerMember.State.STABLE) {
                return "Reconciling";
            }
        }
        return "Stable";
    }

    @Override
    public String protocolTypeOrEmpty() {
        return "consumer";
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public long stateTimestampMs() {
        return stateTimestampMs;
    }

    /**
     * As Kafka: epoch -1 without a member id (admin or simple commits) only while the group is
     * empty; otherwise the member must exist (UNKNOWN_MEMBER_ID) and send its current epoch
     * (STALE_MEMBER_EPOCH).
     */
    @Override
    public void validateOffsetCommit(String memberId, String groupInstanceId, int generationOrEpoch) {
        if (generationOrEpoch < 0 && members.isEmpty()) {
            return;
        }
        ConsumerMember member = members.get(memberId);
        if (member == null) {
            throw new UnknownMemberIdException("Member " + memberId + " is not a member of group " + groupId + ".");
        }
        if (generationOrEpoch != member.memberEpoch) {
            throw new StaleMemberEpochException("The member epoch " + generationOrEpoch + " is stale; the current one is "
                    + member.memberEpoch + ".");
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
        for (ConsumerMember m : members.values()) {
            if (subscribedTopics(m).contains(topic)) {
                return true;
            }
        }
        return false;
    }

    /** The topics a member is subscribed to: the names it gave and those its regular expression resolved to. */
    Set<String> subscribedTopics(ConsumerMember member) {
        if (member.subscribedTopicRegex == null) {
            return new TreeSet<>(member.subscribedTopics);
        }
        Set<String> topics = new TreeSet<>(member.subscribedTopics);
        topics.addAll(regexes.resolved(member.subscribedTopicRegex));
        return topics;
    }

    /** The static member with this instance id, or null. */
    ConsumerMember staticMember(String instanceId) {
        for (ConsumerMember m : members.values()) {
            if (instanceId.equals(m.instanceId)) {
                return m;
            }
        }
        return null;
    }

    /** DescribeGroups does not describe consumer groups (as Kafka: "not a classic group"). */
    @Override
    public DescribedGroup describe() {
        return new DescribedGroup().setGroupId(groupId).setGroupState("Dead").setProtocolType("").setProtocolData("")
                .setErrorCode(org.apache.kafka.common.protocol.Errors.GROUP_ID_NOT_FOUND.code())
                .setErrorMessage("Group " + groupId + " is not a classic group.");
    }

    @Override
    public void markDead() {
        dead = true;
        members.values().forEach(ConsumerMember::cancelTimers);
    }

    @Override
    public int memberCount() {
        return members.size();
    }

    @Override
    public int generationOrEpoch() {
        return groupEpoch;
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    public int targetAssignmentEpoch() {
        return targetAssignmentEpoch;
    }

    public Map<String, ConsumerMember> members() {
        return members;
    }
}
