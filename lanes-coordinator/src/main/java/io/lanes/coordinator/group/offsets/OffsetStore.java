package io.lanes.coordinator.group.offsets;

import org.apache.kafka.common.TopicPartition;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed offsets of one shard's groups, as replayed from offset records: a put for a
 * value, a removal for a tombstone.
 *
 * <p>Not thread-safe: guarded by the lock of the shard.
 */
public final class OffsetStore {
    private final Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();

    public void put(String groupId, TopicPartition tp, CommittedOffset offset) {
        byGroup.computeIfAbsent(groupId, g -> new TreeMap<>(OffsetStore::compare)).put(tp, offset);
    }

    public void remove(String groupId, TopicPartition tp) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
        if (offsets != null) {
            offsets.remove(tp);
            if (offsets.isEmpty()) {
                byGroup.remove(groupId);
            }
        }
    }

    public CommittedOffset get(String groupId, TopicPartition tp) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
        return offsets == null ? null : offsets.get(tp);
    }

    /** The group's offsets ordered by topic and partition; empty if none. A read-only view. */
    public Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        return Collections.unmodifiableMap(byGroup.getOrDefault(groupId, Map.of()));
    }



    private static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
