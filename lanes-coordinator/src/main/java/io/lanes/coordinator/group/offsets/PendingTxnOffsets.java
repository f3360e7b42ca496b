package io.lanes.coordinator.group.offsets;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Offsets committed inside open transactions (TxnOffsetCommit), per producer id: they become committed
 * offsets when the transaction's commit marker reaches the partition, and vanish on an abort marker or
 * when a tombstone deletes their key (group deletion, OffsetDelete, expiration), as in Kafka.
 *
 * <p>Not thread-safe: guarded by the lock of the shard.
 */
public final class PendingTxnOffsets {
    /**
     * An offset waiting for its transaction's outcome.
     *
     * @param position where its record stands in the shard's replay order (see {@link OffsetStore})
     */
    public record Pending(String groupId, TopicPartition topicPartition, CommittedOffset offset, long position) {
    }

    private final Map<Long, Map<String, Map<TopicPartition, Pending>>> byProducer = new HashMap<>();

    public void put(long producerId, String groupId, TopicPartition tp, CommittedOffset offset, long position) {
        byProducer.computeIfAbsent(producerId, p -> new HashMap<>())
                .computeIfAbsent(groupId, g -> new HashMap<>())
                .put(tp, new Pending(groupId, tp, offset, position));
    }

    /** Removes and returns the producer's pending offsets (its transaction ended). */
    public List<Pending> remove(long producerId) {
        Map<String, Map<TopicPartition, Pending>> groups = byProducer.remove(producerId);
        if (groups == null) {
            return List.of();
        }
        List<Pending> out = new ArrayList<>();
        groups.values().forEach(offsets -> out.addAll(offsets.values()));
        return out;
    }

    /** Drops every open transaction's offset for the key (a tombstone of the key was replayed). */
    public void removeKey(String groupId, TopicPartition tp) {
        for (Map<String, Map<TopicPartition, Pending>> groups : byProducer.values()) {
            Map<TopicPartition, Pending> offsets = groups.get(groupId);
            if (offsets != null) {
                offsets.remove(tp);
            }
        }
    }

    /** Whether an open transaction holds an offset of the group for {@code tp} (OffsetFetch requireStable). */
    public boolean has(String groupId, TopicPartition tp) {
        for (Map<String, Map<TopicPartition, Pending>> groups : byProducer.values()) {
            Map<TopicPartition, Pending> offsets = groups.get(groupId);
            if (offsets != null && offsets.containsKey(tp)) {
                return true;
            }
        }
        return false;
    }

    /** A copy of every pending offset: producer id to group id to partition to offset (for checks and tests). */
    public Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> copy() {
        Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> out = new HashMap<>();
        byProducer.forEach((producer, groups) -> groups.forEach((group, offsets) -> offsets.forEach((tp, pending) ->
                out.computeIfAbsent(producer, p -> new HashMap<>()).computeIfAbsent(group, g -> new HashMap<>())
                        .put(tp, pending.offset()))));
        return out;
    }
}
