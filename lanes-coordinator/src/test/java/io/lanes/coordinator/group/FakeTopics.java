package io.lanes.coordinator.group;

import org.apache.kafka.common.Uuid;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Topics a test creates and deletes, as the coordinator sees them. Thread-safe. */
final class FakeTopics implements TopicLookup {
    private record Topic(Uuid id, int partitions) {
    }

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    /** Creates the topic (or changes its partition count), returning its id. */
    Uuid create(String name, int partitions) {
        Topic existing = topics.get(name);
        Uuid id = existing == null ? Uuid.randomUuid() : existing.id();
        topics.put(name, new Topic(id, partitions));
        return id;
    }

    void delete(String name) {
        topics.remove(name);
    }

    @Override
    public int partitionCount(String topic) {
        Topic t = topics.get(topic);
        return t == null ? -1 : t.partitions();
    }

    @Override
    public String topicName(Uuid topicId) {
        return topics.entrySet().stream().filter(e -> e.getValue().id().equals(topicId)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    @Override
    public Uuid topicId(String topic) {
        Topic t = topics.get(topic);
        return t == null ? Uuid.ZERO_UUID : t.id();
    }

    @Override
    public Set<String> topicNames() {
        return Set.copyOf(topics.keySet());
    }
}
