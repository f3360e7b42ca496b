package io.lanes.coordinator.group;

import org.apache.kafka.common.Uuid;

/**
 * Checks one partition of an OffsetCommit after the group accepted the request as a whole, as
 * Kafka 4.4's {@code CommitPartitionValidator} (KIP-1251): a consumer-group member that commits
 * with an older member epoch may still commit the partitions it has owned since that epoch.
 */
@FunctionalInterface
public interface CommitPartitionValidator {
    /** Accepts every partition. */
    CommitPartitionValidator NO_OP = (topicId, partition) -> {
    };

    /**
     * @throws org.apache.kafka.common.errors.ApiException with the error of this partition
     */
    void validate(Uuid topicId, int partition);
}
