package io.lanes.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.util.Map;

/**
 * A topic as the broker knows it. Immutable.
 *
 * @param configs the topic-level config overrides, by Kafka topic config name
 */
public record TopicInfo(String name, Uuid id, int partitions, Map<String, String> configs) {
    public TopicInfo {
        configs = Map.copyOf(configs);
    }

    public TopicInfo withPartitions(int count) {
        return new TopicInfo(name, id, count, configs);
    }

    public TopicInfo withConfigs(Map<String, String> overrides) {
        return new TopicInfo(name, id, partitions, overrides);
    }
}
