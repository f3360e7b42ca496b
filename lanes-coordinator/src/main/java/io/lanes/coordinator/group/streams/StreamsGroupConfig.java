package io.lanes.coordinator.group.streams;

import java.util.List;

/**
 * The settings of streams groups, named after Kafka's broker configs (with Kafka's defaults in {@link #defaults}).
 *
 * @param sessionTimeoutMs        group.streams.session.timeout.ms: a member that does not heartbeat for this long
 *                                is removed
 * @param heartbeatIntervalMs     group.streams.heartbeat.interval.ms: the interval given to members
 * @param maxSize                 group.streams.max.size: the most members of one streams group
 * @param numStandbyReplicas      group.streams.num.standby.replicas: standby tasks per task
 * @param acceptableRecoveryLag   group.streams.acceptable.recovery.lag: sent to members
 * @param taskOffsetIntervalMs    group.streams.task.offset.interval.ms: sent to members
 * @param initialRebalanceDelayMs group.streams.initial.rebalance.delay.ms: how long the first assignment of a group
 *                                that had no members waits for more members to join (0: no wait)
 * @param rackAwareAssignmentTags group.streams.rack.aware.assignment.tags: the client tag keys every member must
 *                                send (a member of API version 1 or later missing one is told MISSING_CLIENT_TAGS)
 * @param assignmentIntervalMs    group.streams.assignment.interval.ms: the least time between two computations of a
 *                                group's target assignment (0: no limit); meanwhile members are told
 *                                ASSIGNMENT_DELAYED
 */
public record StreamsGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int maxSize, int numStandbyReplicas,
                                 long acceptableRecoveryLag, int taskOffsetIntervalMs, int initialRebalanceDelayMs,
                                 List<String> rackAwareAssignmentTags, int assignmentIntervalMs) {

    /** Kafka's default group.streams.assignment.interval.ms. */
    public static final int DEFAULT_ASSIGNMENT_INTERVAL_MS = 1000;

    public StreamsGroupConfig {
        rackAwareAssignmentTags = List.copyOf(rackAwareAssignmentTags);
    }

    /** Kafka 4.4's defaults. */
    public static StreamsGroupConfig defaults() {
        return new StreamsGroupConfig(45000, 5000, Integer.MAX_VALUE, 0, 10000L, 60000, 3000, List.of(),
                DEFAULT_ASSIGNMENT_INTERVAL_MS);
    }

    public StreamsGroupConfig withNumStandbyReplicas(int replicas) {
        return new StreamsGroupConfig(sessionTimeoutMs, heartbeatIntervalMs, maxSize, replicas, acceptableRecoveryLag,
                taskOffsetIntervalMs, initialRebalanceDelayMs, rackAwareAssignmentTags,
                assignmentIntervalMs);
    }

    public StreamsGroupConfig withInitialRebalanceDelayMs(int delayMs) {
        return new StreamsGroupConfig(sessionTimeoutMs, heartbeatIntervalMs, maxSize, numStandbyReplicas,
                acceptableRecoveryLag, taskOffsetIntervalMs, delayMs, rackAwareAssignmentTags, assignmentIntervalMs);
    }

    public StreamsGroupConfig withRackAwareAssignmentTags(List<String> tags) {
        return new StreamsGroupConfig(sessionTimeoutMs, heartbeatIntervalMs, maxSize, numStandbyReplicas,
                acceptableRecoveryLag, taskOffsetIntervalMs, initialRebalanceDelayMs, tags, assignmentIntervalMs);
    }

    public StreamsGroupConfig withAssignmentIntervalMs(int intervalMs) {
        return new StreamsGroupConfig(sessionTimeoutMs, heartbeatIntervalMs, maxSize, numStandbyReplicas,
                acceptableRecoveryLag, taskOffsetIntervalMs, initialRebalanceDelayMs, rackAwareAssignmentTags,
                intervalMs);
    }
}
