package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.group.CommitPartitionValidator;
import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupType;
import io.lanes.coordinator.group.records.ConsumerGroupRecords;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.StaleMemberEpochException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A KIP-848 consumer group: members, the group epoch (bumped when subscriptions or the
 * subscribed topics' metadata change) with the hash of those topics, the target assignment and its
 * epoch, and what the members' regular expressions resolved to.
 *
 * <p>Its state changes only by replaying the group's records (the {@code replay*} methods, called by
 * {@link ConsumerGroups#replay}); the indexes (subscribed topic names and expressions, static members) follow
 * from the members and are kept up to date by the same methods. Not thread-safe: used under the shard lock.
 */
public final class ConsumerGroup implements Group {
    private final String groupId;
    final Map<String, ConsumerMember> members = new LinkedHashMap<>();
    /**
     * As in Kafka 4.4, a new group starts at epoch 1 with an empty target assignment at epoch 1 (epoch 0 is a
     * joining member's), so its first member's join makes it 2.
     */
    int groupEpoch = 1;
    /** The hash of the subscribed topics (name and partition count) when the group epoch was last bumped. */
    long metadataHash;
    int targetAssignmentEpoch = 1;
    /** memberId to its target partitions. */
    final Map<String, Map<Uuid, Set<Integer>>> targetAssignment = new HashMap<>();
    /** What each regular expression in use resolved to. */
    final Map<String, ConsumerGroupRecords.ResolvedRegex> resolvedRegexes = new TreeMap<>();
    /** Topic name to how many members subscribe to it by name. */
    final Map<String, Integer> subscribedTopicNames = new TreeMap<>();
    /** Regular expression to how many members subscribe with it. */
    final Map<String, Integer> subscribedRegexes = new TreeMap<>();
    /** Instance id to member id. */
    final Map<String, String> staticMembers = new HashMap<>();
    /**
     * Topic id to partition to the members that own it (assigned or still revoking; one unless something went
     * wrong): lets a reconciling member find which of its target partitions are free without visiting the group.
     */
    final Map<Uuid, Map<Integer, Set<String>>> partitionOwners = new HashMap<>();
    boolean dead;
    /** Not state: the topic names the resolved expressions are known to be current for (null: resolve again). */
    Set<String> cacheRegexTopicNames;
    /** Not state: partition owners as the timeline last saw them. */
    final io.lanes.coordinator.group.timeline.Ownership ownership = new io.lanes.coordinator.group.timeline.Ownership();

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    // ---- replay ----

    void replayEpoch(ConsumerGroupRecords.Epoch epoch) {
        groupEpoch = epoch.epoch();
        metadataHash = epoch.metadataHash();
    }

    void replayMember(String memberId, ConsumerGroupRecords.Member metadata) {
        ConsumerMember member = members.get(memberId);
        if (member == null) {
            member = new ConsumerMember(memberId);
            members.put(memberId, member);
        } else {
            unindex(member);
        }
        member.apply(metadata);
        index(member);
    }

    void replayMemberRemoved(String memberId) {
        ConsumerMember member = members.remove(memberId);
        if (member != null) {
            unindex(member);
            owners(member, false);
        }
    }

    void replayCurrentAssignment(String memberId, ConsumerGroupRecords.CurrentAssignment assignment) {
        ConsumerMember member = members.get(memberId);
        if (member == null) {
            member = new ConsumerMember(memberId);
            members.put(memberId, member);
            index(member);
        }
        owners(member, false);
        member.apply(assignment);
        owners(member, true);
    }

    /** A current assignment tombstone: the member (removed next) owns nothing any more, as in Kafka. */
    void replayCurrentAssignmentRemoved(String memberId) {
        ConsumerMember member = members.get(memberId);
        if (member != null) {
            owners(member, false);
            member.apply(new ConsumerGroupRecords.CurrentAssignment(-1, -1, (byte) 0, Map.of(), Map.of(), Map.of()));
        }
    }

    void replayTarget(String memberId, Map<Uuid, Set<Integer>> target) {
        if (target == null) {
            targetAssignment.remove(memberId);
        } else {
            targetAssignment.put(memberId, ConsumerMember.copy(target));
        }
    }

    void replayTargetEpoch(int epoch) {
        targetAssignmentEpoch = epoch;
    }

    void replayRegex(String regex, ConsumerGroupRecords.ResolvedRegex resolved) {
        if (resolved == null) {
            resolvedRegexes.remove(regex);
        } else {
            resolvedRegexes.put(regex, resolved);
        }
    }

    /** Adds or removes the member's partitions (assigned and pending revocation) in {@link #partitionOwners}. */
    private void owners(ConsumerMember m, boolean add) {
        for (Map<Uuid, Set<Integer>> owned : List.of(m.assigned, m.pendingRevocation)) {
            owned.forEach((topic, partitions) -> {
                for (int p : partitions) {
                    if (add) {
                        partitionOwners.computeIfAbsent(topic, t -> new HashMap<>())
                                .computeIfAbsent(p, x -> new HashSet<>(2)).add(m.memberId);
                    } else {
                        Map<Integer, Set<String>> byPartition = partitionOwners.get(topic);
                        Set<String> owners = byPartition == null ? null : byPartition.get(p);
                        if (owners != null && owners.remove(m.memberId) && owners.isEmpty()) {
                            byPartition.remove(p);
                            if (byPartition.isEmpty()) {
                                partitionOwners.remove(topic);
                            }
                        }
                    }
                }
            });
        }
    }

    /** Whether a member other than {@code memberId} and {@code removedId} owns or is revoking the partition. */
    boolean isOwnedByOther(Uuid topic, int partition, String memberId, String removedId) {
        Map<Integer, Set<String>> byPartition = partitionOwners.get(topic);
        Set<String> owners = byPartition == null ? null : byPartition.get(partition);
        if (owners == null) {
            return false;
        }
        for (String owner : owners) {
            if (!owner.equals(memberId) && !owner.equals(removedId)) {
                return true;
            }
        }
        return false;
    }

    private void index(ConsumerMember m) {
        m.subscribedTopics.forEach(t -> subscribedTopicNames.merge(t, 1, Integer::sum));
        if (m.subscribedTopicRegex != null) {
            subscribedRegexes.merge(m.subscribedTopicRegex, 1, Integer::sum);
        }
        if (m.instanceId != null) {
            staticMembers.put(m.instanceId, m.memberId);
        }
    }

    private void unindex(ConsumerMember m) {
        m.subscribedTopics.forEach(t -> subscribedTopicNames.computeIfPresent(t, (k, n) -> n == 1 ? null : n - 1));
        if (m.subscribedTopicRegex != null) {
            subscribedRegexes.computeIfPresent(m.subscribedTopicRegex, (k, n) -> n == 1 ? null : n - 1);
        }
        if (m.instanceId != null) {
            staticMembers.remove(m.instanceId, m.memberId);
        }
    }

    @Override
    public String groupId() {
        return groupId;
    }

    /**
     * In Kafka's order: current assignment, target and target epoch, member, regular expression, partition
     * metadata and group epoch tombstones.
     */
    @Override
    public List<CoordinatorRecord> deletionRecords() {
        List<CoordinatorRecord> out = new ArrayList<>();
        members.keySet().forEach(id -> out.add(ConsumerGroupRecords.currentAssignmentTombstone(groupId, id)));
        members.keySet().forEach(id -> out.add(ConsumerGroupRecords.targetMemberTombstone(groupId, id)));
        out.add(ConsumerGroupRecords.targetEpochTombstone(groupId));
        members.keySet().forEach(id -> out.add(ConsumerGroupRecords.memberTombstone(groupId, id)));
        resolvedRegexes.keySet().forEach(r -> out.add(ConsumerGroupRecords.regexTombstone(groupId, r)));
        out.add(ConsumerGroupRecords.partitionMetadataTombstone(groupId));
        out.add(ConsumerGroupRecords.groupEpochTombstone(groupId));
        return out;
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

    /**
     * None (-1): Kafka's consumer group records keep no state timestamp, and offsets of an Empty consumer group
     * expire counting from their commit time, as in Kafka.
     */
    @Override
    public long stateTimestampMs() {
        return -1;
    }

    /**
     * As Kafka: epoch -1 without a member id (admin or simple commits) only while the group is
     * empty; otherwise the member must exist (UNKNOWN_MEMBER_ID) and send its current epoch
     * (STALE_MEMBER_EPOCH).
     */
    @Override
    public void validateOffsetCommit(String memberId, String groupInstanceId, int generationOrEpoch) {
        ConsumerMember member = committingMember(memberId, generationOrEpoch);
        if (member != null && generationOrEpoch != member.memberEpoch) {
            throw new StaleMemberEpochException("The member epoch " + generationOrEpoch + " is stale; the current one is "
                    + member.memberEpoch + ".");
        }
    }

    /**
     * As Kafka 4.4 (KIP-1251): the current epoch commits anything; an older epoch only the
     * partitions the member has owned since that epoch or earlier (each other partition is
     * refused with STALE_MEMBER_EPOCH), so a commit that crossed the heartbeat moving the member
     * to a new epoch is not refused for partitions it kept; a newer epoch than the member's is refused.
     */
    @Override
    public CommitPartitionValidator validateOffsetCommitPartitions(String memberId, String groupInstanceId,
                                                                   int generationOrEpoch) {
        ConsumerMember member = committingMember(memberId, generationOrEpoch);
        if (member == null || generationOrEpoch == member.memberEpoch) {
            return CommitPartitionValidator.NO_OP;
        }
        if (generationOrEpoch > member.memberEpoch) {
            throw new StaleMemberEpochException("Received member epoch " + generationOrEpoch
                    + " is newer than current member epoch " + member.memberEpoch + ".");
        }
        return (topicId, partition) -> {
            Integer since = member.ownedSince(topicId, partition);
            if (since == null) {
                throw new StaleMemberEpochException("Partition " + topicId + "-" + partition
                        + " is not assigned or pending revocation for member.");
            }
            if (generationOrEpoch < since) {
                throw new StaleMemberEpochException("The received member epoch " + generationOrEpoch
                        + " is older than the assignment epoch " + since + " of partition " + topicId + "-"
                        + partition + ".");
            }
        };
    }

    /**
     * The member committing, or null for a simple or admin commit (epoch -1 while the group is empty).
     *
     * @throws UnknownMemberIdException if there is no such member
     */
    private ConsumerMember committingMember(String memberId, int generationOrEpoch) {
        if (generationOrEpoch < 0 && members.isEmpty()) {
            return null;
        }
        ConsumerMember member = members.get(memberId);
        if (member == null) {
            throw new UnknownMemberIdException("Member " + memberId + " is not a member of group " + groupId + ".");
        }
        return member;
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
        if (subscribedTopicNames.containsKey(topic)) {
            return true;
        }
        for (String regex : subscribedRegexes.keySet()) {
            if (resolved(regex).contains(topic)) {
                return true;
            }
        }
        return false;
    }

    /** The topics {@code regex} resolved to; empty if it was not resolved. */
    Set<String> resolved(String regex) {
        ConsumerGroupRecords.ResolvedRegex r = resolvedRegexes.get(regex);
        return r == null ? Set.of() : r.topics();
    }

    /** The topics a member is subscribed to: the names it gave and those its regular expression resolved to. */
    Set<String> subscribedTopics(ConsumerMember member) {
        Set<String> topics = new TreeSet<>(member.subscribedTopics);
        if (member.subscribedTopicRegex != null) {
            topics.addAll(resolved(member.subscribedTopicRegex));
        }
        return topics;
    }

    /** The static member with this instance id, or null. */
    ConsumerMember staticMember(String instanceId) {
        String memberId = staticMembers.get(instanceId);
        return memberId == null ? null : members.get(memberId);
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
