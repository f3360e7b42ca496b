package io.lanes.broker.coordinator;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts an internal topic written in an earlier record format at start-up. It sits between the loader and the
 * coordinator's {@link InternalTopicLoader.Replay}: every record is replayed as read (the coordinators read both
 * formats), and for each key whose latest effective record is in the earlier format it keeps the records that
 * replace it; once loading is done, {@link #appendTo} writes those to the end of their partition. The state they
 * carry is the state already loaded, so they are not replayed again; compaction then drops the old records.
 * Records of a transactional batch count once its commit marker is read, and never if it aborts.
 *
 * <p>Not thread-safe: used by the loading thread only.
 */
public final class RecordUpgrades implements InternalTopicLoader.Replay {
    private static final Logger log = LoggerFactory.getLogger(RecordUpgrades.class);

    /** How a coordinator converts one record of its topic. */
    @FunctionalInterface
    public interface Upgrade {
        /**
         * @return the records in the current format that replace ({@code key}, {@code value}) (empty when nothing
         *         has to be written), or null if the record already is in the current format
         */
        List<CoordinatorRecord> upgrade(ByteBuffer key, ByteBuffer value);
    }

    private final InternalTopicLoader.Replay replay;
    private final Upgrade upgrade;
    /** Per partition: key to its replacement, for keys whose latest record is in the earlier format. */
    private final Map<Integer, Map<ByteBuffer, List<CoordinatorRecord>>> replacements = new HashMap<>();
    /** Per partition and producer id: the same for an open transactional batch (null value: current format). */
    private final Map<Integer, Map<Long, Map<ByteBuffer, List<CoordinatorRecord>>>> pending = new HashMap<>();

    RecordUpgrades(InternalTopicLoader.Replay replay, Upgrade upgrade) {
        this.replay = replay;
        this.upgrade = upgrade;
    }

    @Override
    public void record(int partition, long transactionalProducerId, ByteBuffer key, ByteBuffer value) {
        replay.record(partition, transactionalProducerId, key, value);
        List<CoordinatorRecord> replacement = upgrade.upgrade(key, value);
        if (transactionalProducerId == RecordBatch.NO_PRODUCER_ID) {
            apply(replacements.computeIfAbsent(partition, p -> new LinkedHashMap<>()), key, replacement);
        } else {
            pending.computeIfAbsent(partition, p -> new HashMap<>())
                    .computeIfAbsent(transactionalProducerId, id -> new LinkedHashMap<>())
                    .put(copy(key), replacement);
        }
    }

    @Override
    public void marker(int partition, long producerId, boolean commit) {
        replay.marker(partition, producerId, commit);
        Map<ByteBuffer, List<CoordinatorRecord>> decided = pending.getOrDefault(partition, Map.of()).get(producerId);
        if (decided == null) {
            return;
        }
        pending.get(partition).remove(producerId);
        if (commit) {
            Map<ByteBuffer, List<CoordinatorRecord>> target = replacements.computeIfAbsent(partition, p -> new LinkedHashMap<>());
            decided.forEach((key, replacement) -> apply(target, key, replacement));
        }
    }

    /** Appends the replacements to their partitions and waits until they are durable. */
    void appendTo(InternalTopicLog topic) {
        replacements.forEach((partition, byKey) -> {
            List<CoordinatorRecord> records = new ArrayList<>();
            byKey.values().forEach(records::addAll);
            if (!records.isEmpty()) {
                topic.append(partition, records).join();
                log.info("Converted {} record(s) of {}-{} to the current record format", byKey.size(), topic.topic(),
                        partition);
            }
        });
    }

    private static void apply(Map<ByteBuffer, List<CoordinatorRecord>> target, ByteBuffer key,
                              List<CoordinatorRecord> replacement) {
        if (replacement == null) {
            target.remove(key);
        } else {
            target.put(copy(key), replacement);
        }
    }

    private static ByteBuffer copy(ByteBuffer buffer) {
        ByteBuffer out = ByteBuffer.allocate(buffer.remaining());
        out.put(buffer.duplicate());
        return out.flip();
    }
}
