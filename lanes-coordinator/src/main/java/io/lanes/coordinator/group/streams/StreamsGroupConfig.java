package io.lanes.coordinator.group.streams;

/**
 * The settings of streams groups, named after Kafka's broker configs (with Kafka's defaults in {@link #defaults}).
 *
 * @param sessionTimeoutMs       group.streams.session.timeout.ms: a member that does not heartbeat for this long
 *                               is removed
 * @param heartbeatIntervalMs    group.streams.heartbeat.interval.ms: the interval given to members
 * @param maxSize                group.streams.max.size: the most members of one streams group
 * @param numStandbyReplicas     group.streams.num.standby.replicas: standby tasks per task
 * @param acceptableRecoveryLag  group.streams.acceptable.recovery.lag: sent to members
 * @param taskOffsetIntervalMs   group.streams.task.offset.interval.ms: sent to members
 */
public record StreamsGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int maxSize, int numStandbyReplicas,
                                 long acceptableRecoveryLag, int taskOffsetIntervalMs) {

    /** Kafka 4.4's defaults. */
    public static StreamsGroupConfig defaults() {
        return new StreamsGroupConfig(45000, 5000, Integer.MAX_VALUE, 0, 10000L, 60000);
    }
}
