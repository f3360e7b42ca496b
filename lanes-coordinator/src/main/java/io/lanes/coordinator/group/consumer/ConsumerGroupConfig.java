package io.lanes.coordinator.group.consumer;

import java.util.List;

/**
 * Settings of consumer (KIP-848) groups, named after Kafka's broker configs. The bounds Kafka
 * puts on them ({@code group.consumer.min/max.*}) are checked where the broker config is parsed.
 *
 * @param heartbeatIntervalMs group.consumer.heartbeat.interval.ms: the interval given to members
 * @param sessionTimeoutMs    group.consumer.session.timeout.ms: a member not heard from for this long is removed
 * @param maxSize             group.consumer.max.size: the most members of one group
 * @param assignors           group.consumer.assignors: the server-side assignors, the first is the default
 */
public record ConsumerGroupConfig(int heartbeatIntervalMs, int sessionTimeoutMs, int maxSize, List<String> assignors) {
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
        if (maxSize < 1) {
            throw new IllegalArgumentException("group.consumer.max.size must be at least 1");
        }
    }

    /** Kafka's defaults. */
    public static ConsumerGroupConfig defaults() {
        return new ConsumerGroupConfig(5000, 45000, Integer.MAX_VALUE, List.of(Assignors.UNIFORM, Assignors.RANGE));
    }

    /**
     * The assignor a {@code group.consumer.assignors} entry names: {@code uniform} and {@code range},
     * or Kafka's class names of them; null if Lanes has no such assignor.
     */
    public static String assignorName(String configured) {
        String name = configured.trim();
        if (name.equals("org.apache.kafka.coordinator.group.assignor.UniformAssignor")) {
            return Assignors.UNIFORM;
        }
        if (name.equals("org.apache.kafka.coordinator.group.assignor.RangeAssignor")) {
            return Assignors.RANGE;
        }
        return Assignors.isKnown(name) ? name : null;
    }

    public ConsumerGroupConfig withTimeouts(int heartbeatIntervalMs, int sessionTimeoutMs) {
        return new ConsumerGroupConfig(heartbeatIntervalMs, sessionTimeoutMs, maxSize, assignors);
    }

    public ConsumerGroupConfig withMaxSize(int maxSize) {
        return new ConsumerGroupConfig(heartbeatIntervalMs, sessionTimeoutMs, maxSize, assignors);
    }
}
