package io.lanes.coordinator.group;

import io.lanes.coordinator.group.offsets.CommittedOffset;
import io.lanes.coordinator.group.offsets.OffsetStore;
import io.lanes.coordinator.group.offsets.PendingTxnOffsets;
import io.lanes.coordinator.group.records.GroupRecordKey;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.group.records.OffsetCommitKey;
import io.lanes.coordinator.group.timeline.RebalanceEvent;
import io.lanes.coordinator.group.timeline.RebalanceTimeline;
import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import io.lanes.coordinator.runtime.Scheduler;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The groups and offsets of one partition of {@code __consumer_offsets}: every group whose id
 * hashes to that partition lives here, and every change to them is written to that partition.
 *
 * <p>Threading: one lock per shard serializes everything that reads or changes its groups and
 * offsets: requests (on network threads), timers (on the scheduler thread) and replay. Records
 * are appended to the log under the lock, so the log holds them in the order they were
 * replayed. Work that must not run under the lock (completing response futures, whose
 * callbacks may do anything) is {@linkplain #defer deferred} and runs right after the
 * outermost {@link #call} releases it.
 *
 * <p>State changes through records: {@link #write} appends records and then {@link #replay}s
 * them, and loading at start-up replays the same records, so recovery rebuilds what was
 * acknowledged. Membership of classic groups between generations (who is joining, timers) is
 * not persisted, as in Kafka; the snapshot of each completed generation is. The shard replays
 * offset records itself and hands group records to its {@link GroupKind}s (classic, consumer),
 * which it knows only through that interface.
 */
public final class GroupShard {
    private static final Logger log = LoggerFactory.getLogger(GroupShard.class);

    private final int partition;
    private final CoordinatorLog coordinatorLog;
    private final Scheduler scheduler;
    private final GroupConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> deferred = new ArrayList<>();
    private final Map<String, Group> groups = new HashMap<>();
    private final OffsetStore offsets = new OffsetStore();
    private final PendingTxnOffsets pendingTxnOffsets = new PendingTxnOffsets();
    private final BiFunction<String, Long, Group> offsetsOnlyGroup;
    private List<GroupKind> kinds = List.of();
    private final RebalanceTimeline timeline;
    private boolean loading = true;
    /** How many records this shard has replayed: the position of the next one in its log order. */
    private long replayPosition;

    /**
     * @param offsetsOnlyGroup makes the group that offsets without a group get (group id, commit time in ms):
     *                         Kafka's Empty "simple" classic group
     */
    public GroupShard(int partition, CoordinatorLog coordinatorLog, Scheduler scheduler, GroupConfig config,
                      RebalanceTimeline timeline, BiFunction<String, Long, Group> offsetsOnlyGroup) {
        this.partition = partition;
        this.timeline = timeline;
        this.coordinatorLog = coordinatorLog;
        this.scheduler = scheduler;
        this.config = config;
        this.offsetsOnlyGroup = offsetsOnlyGroup;
    }

    /** Sets the kinds of group whose records this shard replays; before loading starts. */
    public void setKinds(List<GroupKind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    public int partition() { return partition; }
    public GroupConfig config() { return config; }
    public Scheduler scheduler() { return scheduler; }

    /** True until {@link #finishLoading}: records replayed now come from the log, not from a live operation. */
    public boolean loading() {
        assertLocked();
        return loading;
    }

    /**
     * Adds an event to the group's timeline. Only the code paths that change groups live call it, never
     * {@link #replay} at start-up, so a restart does not invent a history.
     */
    public void record(String groupId, RebalanceEvent event) {
        timeline.record(groupId, event);
    }

    public long nowMs() {
        return scheduler.nowMs();
    }

    /** Runs {@code action} under the shard lock, then the actions it deferred. */
    public <T> T call(Supplier<T> action) {
        List<Runnable> toRun = null;
        lock.lock();
        try {
            return action.get();
        } finally {
            if (lock.getHoldCount() == 1 && !deferred.isEmpty()) {
                toRun = new ArrayList<>(deferred);
                deferred.clear();
            }
            lock.unlock();
            if (toRun != null) {
                toRun.forEach(GroupShard::runSafely);
            }
        }
    }

    public void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Runs {@code action} once the lock is released (under the lock only). */
    public void defer(Runnable action) {
        assertLocked();
        deferred.add(action);
    }

    /**
     * Runs {@code action} once {@code durable} completes, never under the lock: the callback is registered after
     * the lock is released, so a future that is already complete (page-cache durability) does not complete
     * parked requests, and whatever their callers chained to them, inside the critical section.
     */
    public void whenDurable(CompletableFuture<Void> durable, java.util.function.BiConsumer<Void, Throwable> action) {
        defer(() -> durable.whenComplete(action));
    }

    /** Schedules {@code task} to run under the shard lock after {@code delayMs}. */
    public Scheduler.Task schedule(long delayMs, Runnable task) {
        return scheduler.schedule(delayMs, () -> run(task));
    }

    // ---- groups and offsets (under the lock) ----

    public Group group(String groupId) {
        assertLocked();
        return groups.get(groupId);
    }

    public Collection<Group> groups() {
        assertLocked();
        return groups.values();
    }

    public void putGroup(Group group) {
        assertLocked();
        groups.put(group.groupId(), group);
    }

    public void removeGroup(Group group) {
        assertLocked();
        groups.remove(group.groupId(), group);
    }

    public OffsetStore offsets() {
        assertLocked();
        return offsets;
    }

    public PendingTxnOffsets pendingTxnOffsets() {
        assertLocked();
        return pendingTxnOffsets;
    }

    // ---- records ----

    /**
     * Appends the records to this shard's partition and replays them (under the lock).
     *
     * @return completes when the records are durable
     * @throws RuntimeException if the append failed; nothing was replayed then
     */
    public CompletableFuture<Void> write(List<CoordinatorRecord> records) {
        assertLocked();
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> durable = coordinatorLog.append(partition, records);
        for (CoordinatorRecord record : records) {
            replay(record.key(), record.value());
        }
        return durable;
    }

    /**
     * Appends offset records of a producer's open transaction and replays them as pending (under the lock).
     *
     * @return completes when the records are durable
     * @throws RuntimeException if the append failed; nothing was replayed then
     */
    public CompletableFuture<Void> writeTransactional(long producerId, short producerEpoch, List<CoordinatorRecord> records) {
        assertLocked();
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> durable = coordinatorLog.appendTransactional(partition, producerId, producerEpoch, records);
        for (CoordinatorRecord record : records) {
            replayTransactional(producerId, record.key(), record.value());
        }
        return durable;
    }

    /**
     * Appends a transaction's commit or abort marker to this shard's partition and replays it, in one critical
     * section (under the lock): the marker is ordered with the shard's other records by the same writer, so a plain
     * commit of the same offset is either before it in the log and in memory, or after it in both.
     *
     * @return completes when the marker is durable
     * @throws RuntimeException if the log refused the marker; nothing was replayed then
     */
    public CompletableFuture<Void> writeMarker(long producerId, short producerEpoch, boolean commit,
                                               int coordinatorEpoch) {
        assertLocked();
        CompletableFuture<Void> durable = coordinatorLog.appendMarker(partition, producerId, producerEpoch, commit,
                coordinatorEpoch);
        replayMarker(producerId, commit);
        return durable;
    }

    /** Applies a record of a transactional batch: an offset waiting for its transaction's marker. */
    public void replayTransactional(long producerId, ByteBuffer key, ByteBuffer value) {
        run(() -> {
            long position = replayPosition++;
            if (GroupRecords.decodeKey(key) instanceof OffsetCommitKey offsetKey && value != null) {
                ensureGroupForOffsets(offsetKey.groupId(), GroupRecords.decodeOffset(value));
                pendingTxnOffsets.put(producerId, offsetKey.groupId(), offsetKey.topicPartition(),
                        GroupRecords.decodeOffset(value), position);
            }
        });
    }

    /**
     * Applies a transaction marker: the producer's pending offsets are committed or dropped. A committed offset
     * replaces the stored one only if its record is newer (Kafka's rule, see {@link OffsetStore}).
     */
    public void replayMarker(long producerId, boolean commit) {
        run(() -> {
            for (PendingTxnOffsets.Pending pending : pendingTxnOffsets.remove(producerId)) {
                if (commit && pending.position() > offsets.position(pending.groupId(), pending.topicPartition())) {
                    applyOffset(pending.groupId(), pending.topicPartition(), pending.offset(), pending.position());
                }
            }
        });
    }

    /** Like {@link #write}, but failures only get logged (for timer-driven writes nobody waits for). */
    public void writeQuietly(List<CoordinatorRecord> records, String what) {
        try {
            write(records).whenComplete((done, error) -> {
                if (error != null) {
                    log.warn("Could not make {} durable: {}", what, error.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not write {}: {}", what, e.toString());
        }
    }

    /** Applies one record of this shard's partition: at load time, or right after {@link #write}. */
    public void replay(ByteBuffer key, ByteBuffer value) {
        call(() -> {
            long position = replayPosition++;
            GroupRecordKey decoded = GroupRecords.decodeKey(key);
            if (decoded instanceof OffsetCommitKey offsetKey) {
                replayOffset(offsetKey, value, position);
            } else if (!replayGroupRecord(decoded, value)) {
                log.debug("Skipping a record of an unknown type in partition {}", partition);
            }
            return null;
        });
    }

    /** Hands a group record to the kind of group it belongs to; false if none takes it. */
    private boolean replayGroupRecord(GroupRecordKey key, ByteBuffer value) {
        for (GroupKind kind : kinds) {
            if (kind.replay(key, value)) {
                return true;
            }
        }
        return false;
    }

    private void replayOffset(OffsetCommitKey key, ByteBuffer value, long position) {
        if (value == null) {
            // a tombstone also drops the key's offsets of open transactions, as in Kafka
            offsets.remove(key.groupId(), key.topicPartition());
            pendingTxnOffsets.removeKey(key.groupId(), key.topicPartition());
            return;
        }
        applyOffset(key.groupId(), key.topicPartition(), GroupRecords.decodeOffset(value), position);
    }

    private void applyOffset(String groupId, TopicPartition tp, CommittedOffset offset, long position) {
        offsets.put(groupId, tp, offset, position);
        ensureGroupForOffsets(groupId, offset);
    }

    private void ensureGroupForOffsets(String groupId, CommittedOffset offset) {
        if (!groups.containsKey(groupId)) {
            // offsets without a group (simple commits) make an Empty classic group, as in Kafka
            putGroup(offsetsOnlyGroup.apply(groupId, offset.commitTimestampMs()));
        }
    }

    /** Ends loading: restored members get their session timers from now. */
    public void finishLoading() {
        run(() -> {
            loading = false;
            for (Group group : groups.values()) {
                kinds.forEach(kind -> kind.onLoaded(group));
            }
        });
    }

    private void assertLocked() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("shard " + partition + " lock not held");
        }
    }

    private static void runSafely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("Deferred coordinator action failed", e);
        }
    }
}
