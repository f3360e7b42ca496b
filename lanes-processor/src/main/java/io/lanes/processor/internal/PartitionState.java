package io.lanes.processor.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the processor holds for one assigned partition: the offset tracker, the records received
 * and not yet complete, the lanes that keep records of one key (or of the partition) one at a
 * time, and the records parked because they lie beyond the commit-metadata window.
 *
 * <p>A record is <em>released</em> (handed to the work queue) when it heads its lane and lies
 * inside the window {@code [base, base + maxSpan)}; it stays <em>buffered</em> until it completes.
 *
 * <p>Thread-safe: the poll thread and the worker threads call it; every method holds this
 * object's monitor for a short, allocation-light step and never while a handler runs.
 */
public final class PartitionState {

    /** The lane of records without a key, and of every record under PARTITION ordering. */
    private static final Object PARTITION_LANE = new Object();
    /**
     * The waiting records of a lane whose head is released and that has nothing behind it: shared
     * and never added to, so a lane gets its own deque only when a second record of it arrives.
     */
    private static final ArrayDeque<WorkItem> NONE_WAITING = new ArrayDeque<>(0);

    private final TopicPartition partition;
    private final LaneMode mode;
    /** Null until the base is known: from the committed offset, or the first record received. */
    private OffsetTracker tracker;
    private final long maxSpan;
    private final long[] alreadyCompleted;
    private int alreadyCompletedIndex;
    /** Lane key -> records waiting behind the lane's head (the head itself is released). */
    private final Map<Object, ArrayDeque<WorkItem>> lanes = new HashMap<>();
    private final ArrayDeque<WorkItem> parked = new ArrayDeque<>();
    private int buffered;
    private int running;
    private boolean revoked;
    /** Set once the partition's final commit is done (or it was lost): its outputs must no longer be sent. */
    private volatile boolean released;
    private volatile long waitUntilMillis;
    private long committedVersion = -1;

    /** How records of a partition are put in lanes. */
    public enum LaneMode { KEY, PARTITION, UNORDERED }

    /**
     * @param committed        the committed offset, or -1 when none: the first received record sets the base
     * @param alreadyCompleted offsets above {@code committed} completed before (from the commit metadata), ascending
     */
    public PartitionState(TopicPartition partition, LaneMode mode, long committed, long[] alreadyCompleted, long maxSpan) {
        this.partition = partition;
        this.mode = mode;
        this.tracker = committed >= 0 ? new OffsetTracker(committed) : null;
        this.alreadyCompleted = alreadyCompleted;
        this.maxSpan = maxSpan;
    }

    public TopicPartition topicPartition() {
        return partition;
    }

    /**
     * Takes fetched records in offset order; returns how many were skipped as already complete.
     * Records ready to run are added to {@code released}.
     */
    public synchronized int receive(List<ConsumerRecord<byte[], byte[]>> records, long nowNanos, List<WorkItem> released) {
        int skipped = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            long offset = record.offset();
            if (tracker == null) {
                tracker = new OffsetTracker(offset);
            }
            if (offset < tracker.end()) {
                continue; // fetched again after a seek: already tracked
            }
            tracker.received(offset);
            if (wasCompletedBefore(offset)) {
                tracker.complete(offset);
                skipped++;
                continue;
            }
            buffered++;
            WorkItem item = new WorkItem(record, this, laneOf(record), nowNanos);
            if (item.lane == null) {
                releaseIfInWindow(item, released);
            } else {
                ArrayDeque<WorkItem> waiting = lanes.putIfAbsent(item.lane, NONE_WAITING);
                if (waiting == null) {
                    releaseIfInWindow(item, released);
                } else if (waiting == NONE_WAITING) {
                    waiting = new ArrayDeque<>(2);
                    waiting.add(item);
                    lanes.put(item.lane, waiting);
                } else {
                    waiting.add(item);
                }
            }
        }
        return skipped;
    }

    /**
     * Marks a record complete and releases what it held back: the next record of its lane and
     * parked records that the moved base brings into the window. Returns the next record of the
     * same lane (the caller may run it at once) or null; other released records go to {@code released}.
     */
    public synchronized WorkItem complete(WorkItem item, List<WorkItem> released) {
        buffered--;
        tracker.complete(item.offset());
        if (revoked) {
            return null;
        }
        WorkItem next = null;
        if (item.lane != null) {
            ArrayDeque<WorkItem> waiting = lanes.get(item.lane);
            WorkItem successor = waiting == null ? null : waiting.poll(); // NONE_WAITING polls null, unchanged
            if (successor == null) {
                lanes.remove(item.lane);
            } else if (inWindow(successor)) {
                next = successor;
            } else {
                parked.add(successor);
            }
        }
        if (!parked.isEmpty()) {
            for (Iterator<WorkItem> it = parked.iterator(); it.hasNext(); ) {
                WorkItem candidate = it.next();
                if (inWindow(candidate)) {
                    it.remove();
                    released.add(candidate);
                }
            }
        }
        return next;
    }

    /** Called before a handler (or a dead-letter publish) starts; false when the partition is gone. */
    public synchronized boolean beginRun() {
        if (revoked) {
            return false;
        }
        running++;
        return true;
    }

    /** Called when a handler (or a dead-letter publish) ends. */
    public synchronized void endRun() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    /** Stops dispatching: released records not yet started are dropped, lanes are not advanced. */
    public synchronized void revoke() {
        revoked = true;
        lanes.clear();
        parked.clear();
    }

    public synchronized boolean isRevoked() {
        return revoked;
    }

    /** Marks the partition gone for good: a record completing now must not send outputs. */
    public void markReleased() {
        released = true;
    }

    public boolean isReleased() {
        return released;
    }

    /** Whether a completion happened since the last {@link #commitIfChanged()} that returned a commit. */
    public synchronized boolean hasUncommittedCompletions() {
        return tracker != null && tracker.version() != committedVersion;
    }

    /** Waits until no handler of this partition runs, or the deadline passes; true when idle. */
    public synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (running > 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Records received and not complete (running, waiting for a retry, queued, parked or in a lane). */
    public synchronized int buffered() {
        return buffered;
    }

    /**
     * The offset and metadata to commit, or null when nothing changed since the last call that
     * returned a commit (or nothing was ever received).
     */
    public synchronized Commit commitIfChanged() {
        if (tracker == null || tracker.version() == committedVersion) {
            return null;
        }
        committedVersion = tracker.version();
        return currentCommit();
    }

    /** The offset and metadata that describe what completed now, or null when nothing was received. */
    public synchronized Commit currentCommit() {
        return tracker == null ? null : new Commit(tracker.base(), OffsetMetadataCodec.encode(tracker));
    }

    /** A retry-topic record asks the partition to wait (paused) until this wall-clock time. */
    public void waitUntil(long millis) {
        waitUntilMillis = millis;
    }

    /** Whether the partition waits for a retry-topic backoff at {@code nowMillis}. */
    public boolean isWaiting(long nowMillis) {
        return waitUntilMillis > nowMillis;
    }

    private boolean wasCompletedBefore(long offset) {
        while (alreadyCompletedIndex < alreadyCompleted.length && alreadyCompleted[alreadyCompletedIndex] < offset) {
            alreadyCompletedIndex++;
        }
        return alreadyCompletedIndex < alreadyCompleted.length && alreadyCompleted[alreadyCompletedIndex] == offset;
    }

    private void releaseIfInWindow(WorkItem item, List<WorkItem> released) {
        if (inWindow(item)) {
            released.add(item);
        } else {
            parked.add(item);
        }
    }

    private boolean inWindow(WorkItem item) {
        return item.offset() < tracker.base() + maxSpan;
    }

    private Object laneOf(ConsumerRecord<byte[], byte[]> record) {
        return switch (mode) {
            case UNORDERED -> null;
            case PARTITION -> PARTITION_LANE;
            case KEY -> record.key() == null ? PARTITION_LANE : Bytes.wrap(record.key());
        };
    }

    /** An offset to commit with its metadata. */
    public record Commit(long offset, String metadata) {
    }
}
