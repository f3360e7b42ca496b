package io.lanes.coordinator.group;

import org.apache.kafka.common.errors.ApiException;

/**
 * What every group type offers to the type-independent parts of the coordinator: offsets,
 * listing, describing and deleting. Each type (classic groups and KIP-848 consumer groups)
 * implements it.
 *
 * <p>Not thread-safe: a group is only used under the lock of the shard that owns it.
 */
public interface Group {
    String groupId();

    GroupType type();

    /** The state as Kafka names it: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead, ... */
    String stateName();

    /** The protocol type ("consumer"), or "" for a group that only holds offsets. */
    String protocolTypeOrEmpty();

    /** True when the group has no members; only then can it be deleted and its offsets expire. */
    boolean isEmpty();

    /** Current members (0 for a group that only holds offsets). */
    int memberCount();

    /** The generation (classic) or group epoch (consumer); 0 before the first rebalance. */
    int generationOrEpoch();

    /** When the group entered its current state, in ms; for an Empty group the start of offset retention. */
    long stateTimestampMs();

    /**
     * Checks that an OffsetCommit may write offsets for this group.
     *
     * @param memberId             the committing member ("" for simple and admin commits)
     * @param groupInstanceId      the static member id, or null
     * @param generationOrEpoch    the generation (classic) or member epoch (consumer), -1 for simple commits
     * @throws ApiException with the error to return for every partition of the request
     */
    void validateOffsetCommit(String memberId, String groupInstanceId, int generationOrEpoch);

    /**
     * Checks that an OffsetCommit (not a transactional one) may write offsets for this group, and
     * gives the check each of its partitions must pass. By default the request is checked as a
     * whole by {@link #validateOffsetCommit} and every partition passes.
     *
     * @throws ApiException with the error to return for every partition of the request
     */
    default CommitPartitionValidator validateOffsetCommitPartitions(String memberId, String groupInstanceId,
                                                                    int generationOrEpoch) {
        validateOffsetCommit(memberId, groupInstanceId, generationOrEpoch);
        return CommitPartitionValidator.NO_OP;
    }

    /** Checks that OffsetDelete may run (the error is returned at group level). */
    void validateOffsetDelete();

    /** Checks that DeleteGroups may delete this group (NON_EMPTY_GROUP otherwise). */
    void validateDelete();

    /** True when an active member subscribes to {@code topic} (OffsetDelete answers GROUP_SUBSCRIBED_TO_TOPIC). */
    boolean isSubscribedTo(String topic);

    /** The group as DescribeGroups reports it. */
    org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup describe();

    /** The tombstones that delete the group itself (not its offsets), in the order Kafka writes them. */
    java.util.List<io.lanes.coordinator.runtime.CoordinatorRecord> deletionRecords();

    /** Marks the group deleted: parked requests are answered, timers cancelled, the state becomes Dead. */
    void markDead();
}
