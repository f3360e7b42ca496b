package io.lanes.coordinator.group.offsets;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Offsets committed inside open transactions (TxnOffsetCommit), per producer id: they become committed
 * offsets when the transaction's commit marker reaches the partition, and vanish on an abort marker.
 *
 * <p>Not thread-safe: guarded by the lock of the shard.
 */
public final class PendingTxnOffsets {
    /** An offset waiting for its transaction's outcome. */
    public record Pending(String groupId, TopicPartition topicPartition, CommittedOffset offset) {
    }

    private final Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> byProducer = new HashMap<>();

    public void put(long producerId, String groupId, TopicPartition tp, CommittedOffset offset) {
        byProducer.computeIfAbsent(producerId, p -> new HashMap<>())
                .computeIfAbsent(groupId, g -> new HashMap<>())
                .put(tp, offset);
    }

    /** Removes and returns the producer's pending offsets (its transaction ended). */
    public List<Pending> remove(long producerId) {
        Map<String, Map<TopicPartition, CommittedOffset>> groups = byProducer.remove(producerId);
        if (groups == null) {
            return List.of();
        }
        List<Pending> out = new ArrayList<>();
        groups.forEach((group, offsets) -> offsets.forEach((tp, offset) -> out.add(new Pending(group, tp, offset))));
        return out;
    }

    /** Whether an open transaction holds an offset of the group for {@code tp} (OffsetFetch requireStable). */
    public boolean has(String groupId, TopicPartition tp) {
        for (Map<String, Map<TopicPartition, CommittedOffset>> groups : byProducer.values()) {
            Map<TopicPartition, CommittedOffset> offsets = groups.get(groupId);
            if (offsets != null && offsets.containsKey(tp)) {
                return true;
            }
        }
        return false;
    }
}
