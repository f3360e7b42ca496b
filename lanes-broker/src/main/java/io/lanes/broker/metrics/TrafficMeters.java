package io.lanes.broker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link PartitionMeters} of every partition, created on a partition's first produce or fetch and removed by
 * {@link #retain} once the partition is gone (topic deleted). Thread-safe.
 */
public final class TrafficMeters {
    private final MeterRegistry registry;
    private final boolean enabled;
    private final ConcurrentHashMap<TopicPartition, PartitionMeters> partitions = new ConcurrentHashMap<>();

    TrafficMeters(MeterRegistry registry, boolean enabled) {
        this.registry = registry;
        this.enabled = enabled;
    }

    /** The partition's meters; a no-op instance while metrics are off. */
    public PartitionMeters partition(TopicPartition tp) {
        if (!enabled) {
            return PartitionMeters.NONE;
        }
        PartitionMeters meters = partitions.get(tp);
        return meters != null ? meters : partitions.computeIfAbsent(tp, p -> new PartitionMeters(registry, p));
    }

    /** The meters of the partitions counted so far. */
    public Map<TopicPartition, PartitionMeters> all() {
        return Map.copyOf(partitions);
    }

    /** Drops the meters of partitions not in {@code existing}. */
    void retain(Set<TopicPartition> existing) {
        partitions.entrySet().removeIf(e -> {
            if (existing.contains(e.getKey())) {
                return false;
            }
            e.getValue().ownMeters().forEach(registry::remove);
            return true;
        });
    }
}
