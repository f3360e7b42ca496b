package io.lanes.ops.lag;

import java.util.List;

/**
 * One group in a {@link LagReport}: its status (the worst of its partitions, partition errors
 * counting as ERR) and the rule of the partition that decided it, the alert against the
 * thresholds, total and maximum lag, and its partitions.
 */
public record GroupLag(String group, String state, LagStatus status, String rule, Alert alert, long totalLag,
                       long maxLag, Double maxLagSeconds, List<PartitionLag> partitions) {

    /** The worse of the Burrow status and the alert, as {@code --fail-on} compares it. */
    public LagStatus verdict() {
        return status.worst(alert.asStatus());
    }
}
