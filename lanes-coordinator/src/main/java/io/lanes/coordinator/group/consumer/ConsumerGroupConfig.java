package io.lanes.coordinator.group.consumer;

import java.util.List;

/**
 * Settings of consumer (KIP-848) groups, named after Kafka's broker configs.
 *
 * @param heartbeatIntervalMs group.consumer.heartbeat.interval.ms
 * @param sessionTimeoutMs    group.consumer.session.timeout.ms
 * @param assignors           group.consumer.assignors: the server-side assignors, the first is the default
 */
public record ConsumerGroupConfig(int heartbeatIntervalMs, int sessionTimeoutMs, List<String> assignors) {
    public ConsumerGroupConfig {
        assignors = List.copyOf(assignors);
        for (String name : assignors) {
            if (!Assignors.isKnown(name)) {
                throw new IllegalArgumentException("Unknown consumer group assignor " + name);
            }
        }
        if (assignors.isEmpty()) {
            throw new IllegalArgumentException("group.consumer.assignors must not be empty");
        }
    }

    /** Kafka's defaults. */
    public static ConsumerGroupConfig defaults() {
        return new ConsumerGroupConfig(5000, 45000, List.of(Assignors.UNIFORM, Assignors.RANGE));
    }
}
