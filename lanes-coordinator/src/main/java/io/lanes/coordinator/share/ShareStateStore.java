package io.lanes.coordinator.share;

import io.lanes.coordinator.runtime.CoordinatorRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The durable state of share-partitions as {@code __share_group_state} holds it: the share coordinator's side of
 * KIP-932. Operations return the records to append ({@link #initialize}, {@link #write}, {@link #delete}); the
 * state changes only in {@link #replay}, so loading the topic at start-up rebuilds it.
 *
 * <p>A share-partition's state is its last ShareSnapshot plus the ShareUpdates written after it. {@link #write}
 * writes a fresh snapshot (with the next snapshot epoch) instead of an update once {@code updatesPerSnapshot}
 * updates follow the last snapshot (Kafka's {@code share.coordinator.snapshot.update.records.per.snapshot}, default
 * 500), so that what precedes a snapshot is never needed again. An update replays onto the state it follows: its
 * batches replace the state of their offsets, and a start offset other than -1 drops every offset below it.
 *
 * <p>Not thread-safe: the owner of the {@code __share_group_state} partition serialises calls.
 */
public final class ShareStateStore {
    public static final int DEFAULT_UPDATES_PER_SNAPSHOT = 500;

    private final int updatesPerSnapshot;
    private final Map<ShareStateKey, State> states = new HashMap<>();

    /** One share-partition: the last snapshot's header, the merged per-offset state, updates since the snapshot. */
    private static final class State {
        int snapshotEpoch;
        int stateEpoch;
        int leaderEpoch;
        long startOffset;
        long createTimestampMs;
        long writeTimestampMs;
        int updatesSinceSnapshot;
        final TreeMap<Long, StateBatch> offsets = new TreeMap<>();
    }

    public ShareStateStore(int updatesPerSnapshot) {
        if (updatesPerSnapshot < 1) {
            throw new IllegalArgumentException("updatesPerSnapshot must be at least 1");
        }
        this.updatesPerSnapshot = updatesPerSnapshot;
    }

    /** The state of a share-partition as a snapshot (its batches coalesced), or empty if it has none. */
    public Optional<ShareSnapshot> read(ShareStateKey key) {
        State state = states.get(key);
        return state == null ? Optional.empty() : Optional.of(snapshotOf(state, state.snapshotEpoch, state.writeTimestampMs));
    }

    /** The share-partitions of a group that have state. */
    public List<ShareStateKey> keys(String groupId) {
        List<ShareStateKey> keys = new ArrayList<>();
        for (ShareStateKey key : states.keySet()) {
            if (key.groupId().equals(groupId)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The state epoch of a share-partition, or -1 if it has no state. */
    public int stateEpoch(ShareStateKey key) {
        State state = states.get(key);
        return state == null ? -1 : state.stateEpoch;
    }

    /** The records that start (or reset) a share-partition at {@code startOffset} with a new state epoch. */
    public List<CoordinatorRecord> initialize(ShareStateKey key, int stateEpoch, long startOffset, long nowMs) {
        State existing = states.get(key);
        int snapshotEpoch = existing == null ? 0 : existing.snapshotEpoch + 1;
        long created = existing == null ? nowMs : existing.createTimestampMs;
        return List.of(ShareStateRecords.snapshot(key,
                new ShareSnapshot(snapshotEpoch, stateEpoch, 0, startOffset, created, nowMs, List.of())));
    }

    /**
     * The records that make a change of a share-partition durable: an update, or a snapshot of the state with the
     * change when enough updates follow the last snapshot.
     *
     * @throws IllegalStateException if the share-partition was never initialized
     */
    public List<CoordinatorRecord> write(ShareStateKey key, ShareStateChange change, long nowMs) {
        State state = states.get(key);
        if (state == null) {
            throw new IllegalStateException("No state for " + key);
        }
        if (state.updatesSinceSnapshot + 1 < updatesPerSnapshot) {
            return List.of(ShareStateRecords.update(key, state.snapshotEpoch, state.leaderEpoch, change));
        }
        State merged = copy(state);
        merge(merged, change);
        return List.of(ShareStateRecords.snapshot(key, snapshotOf(merged, state.snapshotEpoch + 1, nowMs)));
    }

    /** The record that forgets a share-partition. */
    public List<CoordinatorRecord> delete(ShareStateKey key) {
        return List.of(ShareStateRecords.tombstone(key));
    }

    /** Applies one record of {@code __share_group_state}; records of unknown types are skipped. */
    public void replay(ByteBuffer keyBytes, ByteBuffer value) {
        ShareStateKey key = ShareStateRecords.decodeKey(keyBytes);
        if (key == null) {
            return;
        }
        short type = ShareStateRecords.type(keyBytes);
        if (value == null) {
            if (type == ShareStateRecords.SNAPSHOT_TYPE) {
                states.remove(key);
            }
            return;
        }
        if (type == ShareStateRecords.SNAPSHOT_TYPE) {
            ShareSnapshot snapshot = ShareStateRecords.decodeSnapshot(value);
            State state = new State();
            state.snapshotEpoch = snapshot.snapshotEpoch();
            state.stateEpoch = snapshot.stateEpoch();
            state.leaderEpoch = snapshot.leaderEpoch();
            state.startOffset = snapshot.startOffset();
            state.createTimestampMs = snapshot.createTimestampMs();
            state.writeTimestampMs = snapshot.writeTimestampMs();
            merge(state, new ShareStateChange(ShareStateChange.NO_START_OFFSET, snapshot.batches()));
            states.put(key, state);
            return;
        }
        State state = states.get(key);
        ShareStateRecords.Update update = ShareStateRecords.decodeUpdate(value);
        // an update that follows a snapshot this store never saw (the log was cut before it) has nothing to apply to
        if (state != null && update.snapshotEpoch() == state.snapshotEpoch) {
            merge(state, update.change());
            state.updatesSinceSnapshot++;
        }
    }

    public void replay(CoordinatorRecord record) {
        replay(record.key(), record.value());
    }

    private static void merge(State state, ShareStateChange change) {
        for (StateBatch batch : change.batches()) {
            for (long offset = Math.max(batch.firstOffset(), state.startOffset); offset <= batch.lastOffset(); offset++) {
                state.offsets.put(offset, new StateBatch(offset, offset, batch.state(), batch.deliveryCount()));
            }
        }
        if (change.startOffset() != ShareStateChange.NO_START_OFFSET && change.startOffset() > state.startOffset) {
            state.startOffset = change.startOffset();
            state.offsets.headMap(state.startOffset).clear();
        }
    }

    private static State copy(State state) {
        State copy = new State();
        copy.snapshotEpoch = state.snapshotEpoch;
        copy.stateEpoch = state.stateEpoch;
        copy.leaderEpoch = state.leaderEpoch;
        copy.startOffset = state.startOffset;
        copy.createTimestampMs = state.createTimestampMs;
        copy.writeTimestampMs = state.writeTimestampMs;
        copy.offsets.putAll(state.offsets);
        return copy;
    }

    private static ShareSnapshot snapshotOf(State state, int snapshotEpoch, long writeTimestampMs) {
        List<StateBatch> batches = new ArrayList<>();
        StateBatch run = null;
        for (StateBatch one : state.offsets.values()) {
            if (one.state() == DeliveryState.AVAILABLE && one.deliveryCount() == 0) {
                continue;
            }
            if (run != null && run.lastOffset() + 1 == one.firstOffset() && run.state() == one.state()
                    && run.deliveryCount() == one.deliveryCount()) {
                run = new StateBatch(run.firstOffset(), one.lastOffset(), run.state(), run.deliveryCount());
            } else {
                if (run != null) {
                    batches.add(run);
                }
                run = one;
            }
        }
        if (run != null) {
            batches.add(run);
        }
        return new ShareSnapshot(snapshotEpoch, state.stateEpoch, state.leaderEpoch, state.startOffset,
                state.createTimestampMs, writeTimestampMs, batches);
    }
}
