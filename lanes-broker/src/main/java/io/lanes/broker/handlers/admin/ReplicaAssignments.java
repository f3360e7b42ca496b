package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a manual replica assignment (CreateTopics, CreatePartitions) as Kafka's
 * {@code ReplicationControlManager.validateManualPartitionAssignment} does, with this node as
 * the only registered broker: so the only valid assignment of a partition is {@code [nodeId]}.
 */
final class ReplicaAssignments {
    private ReplicaAssignments() {
    }

    /**
     * @param brokerIds         the replicas asked for one partition
     * @param nodeId            this broker's id
     * @param replicationFactor the replica count of the other partitions, or -1 if none yet
     * @throws InvalidReplicaAssignmentException with Kafka's message if the assignment is not valid
     */
    static void validate(List<Integer> brokerIds, int nodeId, int replicationFactor) {
        if (brokerIds.isEmpty()) {
            throw new InvalidReplicaAssignmentException("The manual partition assignment includes an empty replica list.");
        }
        List<Integer> sorted = new ArrayList<>(brokerIds);
        sorted.sort(Integer::compare);
        Integer previous = null;
        for (Integer brokerId : sorted) {
            if (brokerId != nodeId) {
                throw new InvalidReplicaAssignmentException("The manual partition assignment includes broker "
                        + brokerId + ", but no such broker is registered.");
            }
            if (brokerId.equals(previous)) {
                throw new InvalidReplicaAssignmentException("The manual partition assignment includes the broker "
                        + previous + " more than once.");
            }
            previous = brokerId;
        }
        if (replicationFactor != -1 && sorted.size() != replicationFactor) {
            throw new InvalidReplicaAssignmentException("The manual partition assignment includes a partition with "
                    + sorted.size() + " replica(s), but this is not consistent with previous partitions, which have "
                    + replicationFactor + " replica(s).");
        }
    }
}
