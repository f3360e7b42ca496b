package io.lanes.broker.handlers.group;

import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.group.streams.StreamsGroups;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Creates the repartition and changelog topics of streams groups, as Kafka's broker does when a group's topology
 * needs them: with the partition count the coordinator worked out and the configs the Streams client sent. A topic
 * that exists already (another heartbeat created it) is fine; other failures are logged and the next heartbeat
 * tries again. Thread-safe (topic creation is synchronized by the topic manager).
 */
final class StreamsInternalTopics implements StreamsGroups.InternalTopicCreator {
    private static final Logger log = LoggerFactory.getLogger(StreamsInternalTopics.class);

    private final TopicManager topics;

    StreamsInternalTopics(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public void create(String name, int partitions, Map<String, String> configs) {
        if (topics.topic(name).isPresent()) {
            return;
        }
        try {
            topics.create(name, partitions, (short) -1, configs, false);
        } catch (TopicExistsException e) {
            // created meanwhile by another heartbeat
        } catch (RuntimeException e) {
            log.warn("Could not create internal topic {} of a streams group: {}", name, e.toString());
        }
    }
}
