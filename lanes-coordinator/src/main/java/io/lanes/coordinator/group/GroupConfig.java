package io.lanes.coordinator.group;

/**
 * The group coordinator's settings, named after Kafka's broker configs.
 *
 * @param numPartitions             offsets.topic.num.partitions: shards, one per partition of __consumer_offsets
 * @param initialRebalanceDelayMs   group.initial.rebalance.delay.ms: how long the first rebalance of an
 *                                  Empty group waits for more members (extended per new member, up to the
 *                                  rebalance timeout)
 * @param minSessionTimeoutMs       group.min.session.timeout.ms
 * @param maxSessionTimeoutMs       group.max.session.timeout.ms
 * @param maxGroupSize              group.max.size
 * @param newMemberJoinTimeoutMs    how long a new member's parked JoinGroup keeps it in the group (Kafka: 5 min)
 * @param offsetMetadataMaxBytes    offset.metadata.max.bytes: longest commit metadata string accepted
 * @param offsetsRetentionMs        offsets.retention.minutes in ms: how long offsets of an Empty group live
 * @param retentionCheckIntervalMs  offsets.retention.check.interval.ms
 */
public record GroupConfig(int numPartitions, int initialRebalanceDelayMs, int minSessionTimeoutMs,
                          int maxSessionTimeoutMs, int maxGroupSize, int newMemberJoinTimeoutMs,
                          int offsetMetadataMaxBytes, long offsetsRetentionMs, long retentionCheckIntervalMs) {

    /** Kafka's defaults. */
    public static GroupConfig defaults() {
        return new GroupConfig(50, 3000, 6000, 1800000, Integer.MAX_VALUE, 300000, 4096,
                10080L * 60 * 1000, 600000L);
    }

    public GroupConfig withNumPartitions(int partitions) {
        return new GroupConfig(partitions, initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs,
                maxGroupSize, newMemberJoinTimeoutMs, offsetMetadataMaxBytes, offsetsRetentionMs, retentionCheckIntervalMs);
    }

    public GroupConfig withInitialRebalanceDelayMs(int delayMs) {
        return new GroupConfig(numPartitions, delayMs, minSessionTimeoutMs, maxSessionTimeoutMs,
                maxGroupSize, newMemberJoinTimeoutMs, offsetMetadataMaxBytes, offsetsRetentionMs, retentionCheckIntervalMs);
    }


}
