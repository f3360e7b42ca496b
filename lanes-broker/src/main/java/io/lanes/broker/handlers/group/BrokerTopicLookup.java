package io.lanes.broker.handlers.group;

import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.group.TopicLookup;
import org.apache.kafka.common.Uuid;

import java.util.Set;

/** The coordinator's view of the broker's topics. Thread-safe (lookups are lock-free). */
public final class BrokerTopicLookup implements TopicLookup {
    private final TopicManager topics;

    public BrokerTopicLookup(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public int partitionCount(String topic) {
        return topics.topic(topic).map(TopicInfo::partitions).orElse(-1);
    }

    @Override
    public String topicName(Uuid topicId) {
        return topics.topic(topicId).map(TopicInfo::name).orElse(null);
    }

    @Override
    public Uuid topicId(String topic) {
        return topics.topic(topic).map(TopicInfo::id).orElse(Uuid.ZERO_UUID);
    }

    @Override
    public Set<String> topicNames() {
        return topics.registry().names();
    }
}
