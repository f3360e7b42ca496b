package io.lanes.coordinator.group;

import org.apache.kafka.common.errors.InvalidRequestException;

/**
 * The field checks every group heartbeat (consumer and streams protocols) makes as Kafka's, with
 * Kafka's messages. Stateless; thread-safe.
 */
public final class HeartbeatFields {
    private HeartbeatFields() {
    }

    /** @throws InvalidRequestException "{field} can't be empty." when {@code value} is null or empty */
    public static void requireNonEmpty(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException(field + " can't be empty.");
        }
    }

    /** @throws InvalidRequestException "{field} can't be empty." when {@code value} is set but empty */
    public static void requireNonEmptyIfSet(String value, String field) {
        if (value != null && value.isEmpty()) {
            throw new InvalidRequestException(field + " can't be empty.");
        }
    }

    /** The checks both protocols make after the ids: instance id, rack id, and a join's rebalance timeout. */
    public static void requireMemberFields(String instanceId, String rackId, int memberEpoch, int rebalanceTimeoutMs) {
        requireNonEmptyIfSet(instanceId, "InstanceId");
        requireNonEmptyIfSet(rackId, "RackId");
        if (memberEpoch == 0 && rebalanceTimeoutMs == -1) {
            throw new InvalidRequestException("RebalanceTimeoutMs must be provided in first request.");
        }
    }
}
