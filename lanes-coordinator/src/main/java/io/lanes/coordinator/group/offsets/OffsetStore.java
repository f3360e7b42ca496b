package io.lanes.coordinator.group.offsets;

import org.apache.kafka.common.TopicPartition;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed offsets of one shard's groups, as replayed from offset records: a put for a
 * value, a removal for a tombstone. Each offset keeps the position of the record it came from in
 * the shard's replay order (which is log order), so that a transaction's commit marker only
 * materializes its offsets over older ones, as Kafka does: a plain commit written after a
 * transactional one wins, whatever the order of the marker, and compaction of the topic cannot
 * change which one that is.
 *
 * <p>Not thread-safe: guarded by the lock of the shard.
 */
public final class OffsetStore {
    private final Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();
    private final Map<String, Map<TopicPartition, Long>> positions = new HashMap<>();

    /**
     * @param position where the offset's record stands in the shard's replay order
     */
    public void put(String groupId, TopicPartition tp, CommittedOffset offset, long position) {
        byGroup.computeIfAbsent(groupId, g -> new TreeMap<>(OffsetStore::compare)).put(tp, offset);
        positions.computeIfAbsent(groupId, g -> new HashMap<>()).put(tp, position);
    }

    public void remove(String groupId, TopicPartition tp) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
        if (offsets != null) {
            offsets.remove(tp);
            positions.get(groupId).remove(tp);
            if (offsets.isEmpty()) {
                byGroup.remove(groupId);
                positions.remove(groupId);
            }
        }
    }

    public CommittedOffset get(String groupId, TopicPartition tp) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
        return offsets == null ? null : offsets.get(tp);
    }

    /** The replay position of the offset's record, or -1 when the group has no offset for {@code tp}. */
    public long position(String groupId, TopicPartition tp) {
        Map<TopicPartition, Long> byPartition = positions.get(groupId);
        Long position = byPartition == null ? null : byPartition.get(tp);
        return position == null ? -1 : position;
    }

    /** The group's offsets ordered by topic and partition; empty if none. A read-only view. */
    public Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        return Collections.unmodifiableMap(byGroup.getOrDefault(groupId, Map.of()));
    }

    /** The ids of the groups that have offsets (a copy). */
    public java.util.Set<String> groupIds() {
        return java.util.Set.copyOf(byGroup.keySet());
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
