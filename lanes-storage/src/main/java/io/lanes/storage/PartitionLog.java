package io.lanes.storage;

import io.lanes.storage.internal.Fsync;
import io.lanes.storage.internal.BatchMetadata;
import io.lanes.storage.internal.BatchValidator;
import io.lanes.storage.internal.CompletedTxn;
import io.lanes.storage.internal.ControlBatches;
import io.lanes.storage.internal.DurableWaiters;
import io.lanes.storage.internal.LeaderEpochCache;
import io.lanes.storage.internal.LogFiles;
import io.lanes.storage.internal.LogLoader;
import io.lanes.storage.internal.LogSegment;
import io.lanes.storage.internal.ProducerBatch;
import io.lanes.storage.internal.ProducerSnapshotFile;
import io.lanes.storage.internal.Recompression;
import io.lanes.storage.internal.ProducerStateManager;
import io.lanes.storage.internal.RetentionPlanner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One partition's log: segments in a {@link ConcurrentSkipListMap} by base offset, the last one active.
 *
 * <p>Thread-safety: appends, rolls, retention, DeleteRecords and close are serialized by one lock (single
 * writer). Reads take no lock: they see the segment map, the volatile offsets and the file sizes, which the
 * writer publishes only after the bytes are written. Fsyncs run outside the append lock under a separate
 * flush lock, so appends continue while the disk syncs.
 *
 * <p>Offsets: {@code logStartOffset <= highWatermark <= logEndOffset}. In {@link Durability#PAGE_CACHE} the
 * high watermark is the log end offset; in {@link Durability#FSYNC} it is the fsynced offset.
 */
public final class PartitionLog {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final TopicPartition topicPartition;
    private volatile Uuid topicId;
    private final Path dir;
    private final LogHost host;
    private volatile LogConfig config;
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final ProducerStateManager producerState;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object flushLock = new Object();
    private final DurableWaiters durable;
    private final LeaderEpochCache epochs;
    /** Stamped into every appended batch; changed by setLeaderEpoch under the append lock. */
    private volatile int leaderEpoch;
    private final AtomicBoolean groupCommitQueued = new AtomicBoolean();

    private volatile LogSegment activeSegment;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long highWatermark;
    /** First offset of the oldest ongoing transaction, -1 if none; written under the append lock. */
    private volatile long firstUnstableOffset;
    /** Everything below it is fsynced (Kafka's recovery point). Written under flushLock. */
    private volatile long recoveryPoint;
    private volatile long lastFlushMs;
    private volatile boolean closed;
    /** Set on roll (under lock), cleared by the flush that fsyncs the directory. */
    private volatile boolean dirNeedsFlush;
    /** Written under lock (appends) or flushLock (flushes); only a trigger for flush.messages. */
    private volatile long unflushedMessages;

    /** @param recoveryPoint offset below which the loaded files are known to be fsynced */
    PartitionLog(TopicPartition tp, Uuid topicId, Path dir, LogConfig config, LogHost host, LogLoader.Loaded loaded,
                 long recoveryPoint) {
        this.topicPartition = tp;
        this.topicId = topicId;
        this.dir = dir;
        this.config = config;
        this.host = host;
        this.segments = loaded.segments();
        this.producerState = loaded.producerState();
        this.firstUnstableOffset = producerState.firstUnstableOffset();
        this.activeSegment = segments.lastEntry().getValue();
        this.logStartOffset = loaded.logStartOffset();
        this.logEndOffset = loaded.logEndOffset();
        this.recoveryPoint = recoveryPoint;
        // FSYNC: the manager fsynced recovered data, so all of the log is visible; PAGE_CACHE: always all of it.
        this.highWatermark = loaded.logEndOffset();
        this.durable = new DurableWaiters(recoveryPoint);
        this.epochs = loaded.epochs();
        this.leaderEpoch = epochs.latestEpoch().orElse(0);
        this.lastFlushMs = host.time().milliseconds();
    }

    public TopicPartition topicPartition() { return topicPartition; }
    public Uuid topicId() { return topicId; }
    public Path dir() { return dir; }
    public LogConfig config() { return config; }
    public long logStartOffset() { return logStartOffset; }
    public long logEndOffset() { return logEndOffset; }
    public long highWatermark() { return highWatermark; }
    /** Offset below which everything is fsynced. */
    public long recoveryPoint() { return recoveryPoint; }
    public int segmentCount() { return segments.size(); }

    /** Base offsets of the segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        return new ArrayList<>(segments.keySet());
    }

    public void updateConfig(LogConfig config) {
        this.config = config;
    }

    void setTopicId(Uuid topicId) {
        this.topicId = topicId;
    }

    public long sizeInBytes() {
        long size = 0;
        for (LogSegment s : segments.values()) {
            size += s.size();
        }
        return size;
    }

    /** Appends a client's produce request; see {@link #append(MemoryRecords, AppendOrigin)}. */
    public AppendResult append(MemoryRecords records) {
        return append(records, AppendOrigin.CLIENT);
    }

    /**
     * Validates each batch (magic v2, CRC32C, size, count vs offsets, timestamps), rewrites client batches in the
     * topic's {@code compression.type} when it is not {@code producer}, checks idempotent producer state, assigns
     * offsets in place, stamps LogAppendTime when configured and appends the bytes.
     * All batches of the request are appended or none. A retry of one of a producer's last five batches returns
     * the original offsets with {@code duplicate=true} and appends nothing.
     *
     * <p>The buffer of {@code records} must be writable: base offsets, the partition leader epoch and
     * LogAppendTime are written into it before its bytes go to the file. Empty records append nothing and return
     * offsets -1.
     *
     * @throws org.apache.kafka.common.errors.CorruptRecordException not magic v2, bad CRC, inconsistent header
     * @throws org.apache.kafka.common.errors.RecordTooLargeException a batch above {@code max.message.bytes}
     * @throws org.apache.kafka.common.errors.InvalidTimestampException CreateTime outside the configured bounds
     * @throws org.apache.kafka.common.InvalidRecordException control batch from a client, idempotent batch without sequence
     * @throws org.apache.kafka.common.errors.OutOfOrderSequenceException sequence gap, or new producer/epoch not at 0
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException epoch older than the known one
     * @throws KafkaStorageException I/O failure or closed log
     */
    public AppendResult append(MemoryRecords records, AppendOrigin origin) {
        LogConfig cfg = config;
        long now = host.time().milliseconds();
        if (records.sizeInBytes() == 0) {
            return new AppendResult(-1L, -1L, RecordBatch.NO_TIMESTAMP, logStartOffset, 0, false);
        }
        BatchValidator.Summary summary = BatchValidator.validate(records, cfg, now, origin, topicPartition);
        if (origin == AppendOrigin.CLIENT && cfg.compression().isPresent()) {
            records = Recompression.apply(records, cfg.compression().get(), cfg.maxMessageBytes(),
                    cfg.maxDecompressedMessageBytes());
        }
        long newEnd;
        AppendResult result;
        lock.lock();
        try {
            ensureOpen();
            long first = logEndOffset;
            ProducerStateManager.Append producers = summary.hasProducerIds() ? producerState.begin() : null;
            if (producers != null) {
                Optional<AppendResult> dup = stageProducers(records, producers, first, cfg, now, origin);
                if (dup.isPresent()) {
                    return dup.get();
                }
            }
            long appendTime = cfg.messageTimestampType() == TimestampType.LOG_APPEND_TIME ? now : RecordBatch.NO_TIMESTAMP;
            long maxTimestamp = assignOffsets(records, first, appendTime, leaderEpoch);
            newEnd = first + summary.recordCount();
            writeToSegment(records, cfg, maxTimestamp, newEnd, now);
            if (producers != null) {
                recordCompletedTxns(producers.commit());
            }
            logEndOffset = newEnd; // volatile write publishes the appended batches to readers
            unflushedMessages += summary.recordCount();
            result = new AppendResult(first, newEnd - 1, appendTime, logStartOffset, summary.recordCount(), false);
        } finally {
            lock.unlock();
        }
        afterAppend(cfg, newEnd);
        return result;
    }

    private Optional<AppendResult> stageProducers(MemoryRecords records, ProducerStateManager.Append producers,
                                                  long first, LogConfig cfg, long now, AppendOrigin origin) {
        long offset = first;
        for (MutableRecordBatch batch : records.batches()) {
            long delta = batch.lastOffset() - batch.baseOffset();
            if (batch.hasProducerId()) {
                if (origin == AppendOrigin.CLIENT) {
                    Optional<BatchMetadata> dup = producers.findDuplicate(batch.producerId(), batch.producerEpoch(),
                            batch.baseSequence(), batch.lastSequence());
                    if (dup.isPresent()) {
                        BatchMetadata d = dup.get();
                        return Optional.of(new AppendResult(d.firstOffset(), d.lastOffset(), RecordBatch.NO_TIMESTAMP,
                                logStartOffset, (int) (d.lastOffset() - d.firstOffset() + 1), true));
                    }
                }
                long ts = cfg.messageTimestampType() == TimestampType.LOG_APPEND_TIME ? now : batch.maxTimestamp();
                producers.stage(new ProducerBatch(batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                        batch.lastSequence(), offset, offset + delta, ts, batch.isTransactional(),
                        ControlBatches.marker(batch)), origin);
            }
            offset += delta + 1;
        }
        return Optional.empty();
    }

    /**
     * Writes the aborted ones of {@code completed} to the transaction index of the active segment (which holds
     * their markers) and publishes the new first unstable offset. Under the append lock.
     */
    private void recordCompletedTxns(List<CompletedTxn> completed) {
        for (CompletedTxn txn : completed) {
            if (txn.aborted()) {
                long unstable = producerState.firstUnstableOffset();
                AbortedTxn entry = new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.markerOffset(),
                        unstable >= 0 ? unstable : txn.markerOffset() + 1);
                try {
                    activeSegment.txnIndex().append(entry);
                } catch (IOException e) {
                    throw new KafkaStorageException("Cannot write the transaction index of " + topicPartition, e);
                }
            }
        }
        firstUnstableOffset = producerState.firstUnstableOffset();
    }

    /**
     * The last stable offset: below it every transaction is decided. It is the first offset of the oldest ongoing
     * transaction, or the high watermark when that is lower or no transaction is open. read_committed consumers
     * read up to it.
     */
    public long lastStableOffset() {
        long hw = highWatermark;
        long unstable = firstUnstableOffset;
        return unstable >= 0 ? Math.min(unstable, hw) : hw;
    }

    /**
     * The aborted transactions with records in {@code [fromOffset, toOffset)}, for read_committed fetches:
     * entries of the segments from the one holding {@code fromOffset} on (an abort's entry is in the segment of
     * its marker, at or after its records).
     */
    public List<AbortedTxn> abortedTransactions(long fromOffset, long toOffset) {
        List<AbortedTxn> out = new ArrayList<>();
        Long from = segments.floorKey(fromOffset);
        for (LogSegment seg : segments.tailMap(from == null ? segments.firstKey() : from, true).values()) {
            seg.txnIndex().collect(fromOffset, toOffset, out);
        }
        return out;
    }

    /** Rewrites base offsets (and LogAppendTime) in the caller's buffer; returns the max timestamp. */
    private static long assignOffsets(MemoryRecords records, long first, long appendTime, int leaderEpoch) {
        long offset = first;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        for (MutableRecordBatch batch : records.batches()) {
            long delta = batch.lastOffset() - batch.baseOffset();
            batch.setLastOffset(offset + delta);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (appendTime != RecordBatch.NO_TIMESTAMP) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, appendTime);
            }
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            offset += delta + 1;
        }
        return maxTimestamp;
    }

    private void writeToSegment(MemoryRecords records, LogConfig cfg, long maxTimestamp, long newEnd, long now) {
        LogSegment segment = activeSegment;
        if (segment.shouldRoll(cfg.segmentBytes(), cfg.maxSegmentMs(), records.sizeInBytes(), maxTimestamp, newEnd - 1, now)) {
            segment = rollLocked();
        }
        int sizeBefore = segment.size();
        try {
            segment.append(records, newEnd);
        } catch (IOException | RuntimeException e) {
            try {
                segment.log().truncateTo(sizeBefore);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new KafkaStorageException("Append to " + topicPartition + " failed", e);
        }
    }

    private void afterAppend(LogConfig cfg, long newEnd) {
        if (host.durability() == Durability.PAGE_CACHE) {
            advanceHighWatermark(newEnd);
            if (unflushedMessages >= cfg.flushMessages()) {
                flush(newEnd);
            }
        } else {
            requestGroupCommit();
        }
    }

    private void advanceHighWatermark(long offset) {
        boolean advanced = false;
        synchronized (durable) {
            if (offset > highWatermark) {
                highWatermark = offset;
                advanced = true;
            }
        }
        if (advanced) {
            host.highWatermarkAdvanced(topicPartition);
        }
    }

    private void requestGroupCommit() {
        if (groupCommitQueued.compareAndSet(false, true)) {
            host.submitGroupCommit(this::groupCommit);
        }
    }

    private void groupCommit() {
        // Clear the flag first: appends landing during this fsync queue the next one.
        groupCommitQueued.set(false);
        if (!closed) {
            flush(logEndOffset);
        }
    }

    /** The leader epoch stamped into appended batches (0 for a new log). */
    public int leaderEpoch() {
        return leaderEpoch;
    }

    /**
     * Starts leader epoch {@code epoch} at the log end offset, as a leader election does in Kafka, and persists it
     * in {@code leader-epoch-checkpoint}. Later appends carry the new epoch.
     *
     * @throws IllegalArgumentException if {@code epoch} is below the current epoch
     */
    public void setLeaderEpoch(int epoch) {
        lock.lock();
        try {
            ensureOpen();
            if (epoch < leaderEpoch) {
                throw new IllegalArgumentException("Leader epoch " + epoch + " is below the current " + leaderEpoch);
            }
            if (epochs.assign(epoch, logEndOffset)) {
                epochs.persist();
            }
            leaderEpoch = epoch;
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot persist leader epoch of " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /** OffsetsForLeaderEpoch, with Kafka's rules; the current epoch ends at the log end offset. */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        LeaderEpochCache.EpochEnd end = epochs.endOffsetFor(epoch, logEndOffset);
        return new EpochEndOffset(end.epoch(), end.endOffset());
    }

    /** The leader epoch of the batch holding {@code offset}, if known (ListOffsets answers carry it). */
    public OptionalInt epochForOffset(long offset) {
        return epochs.epochForOffset(offset);
    }

    private void truncateEpochsFromStart() {
        try {
            if (epochs.truncateFromStart(logStartOffset)) {
                epochs.persist();
            }
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot persist leader epochs of " + topicPartition, e);
        }
    }

    /** Starts a new active segment at the log end offset (if the active one is not empty). */
    public void roll() {
        lock.lock();
        try {
            ensureOpen();
            if (activeSegment.size() > 0) {
                rollLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    private LogSegment rollLocked() {
        long base = logEndOffset;
        LogSegment old = activeSegment;
        try {
            old.onBecomeInactive();
            LogSegment next = LogLoader.newSegment(dir, base, config, host.time());
            segments.put(base, next);
            activeSegment = next;
            // Kafka snapshots producer state at every roll so crash recovery replays at most one segment.
            ProducerSnapshotFile.write(LogFiles.snapshotFile(dir, base), producerState.producers(), false);
            LogLoader.pruneSnapshots(dir);
            // The new files' directory entries become durable with the next flush (see flush()).
            dirNeedsFlush = true;
        } catch (IOException e) {
            throw new KafkaStorageException("Roll of " + topicPartition + " failed", e);
        }
        if (host.durability() == Durability.PAGE_CACHE) {
            // As in Kafka: the rolled segment is flushed in the background, moving the recovery point forward.
            host.runAsync(() -> flush(base));
        }
        LOG.debug("Rolled {} at offset {}", topicPartition, base);
        return activeSegment;
    }

    /**
     * Reads whole batches starting at the batch containing {@code startOffset}, from one segment found by
     * floor lookup, then its index, then a short scan of batch headers.
     */
    public ReadResult read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) {
        ensureOpen();
        long end = logEndOffset;
        long hw = highWatermark;
        long start = logStartOffset;
        if (startOffset < start || startOffset > end) {
            throw new OffsetOutOfRangeException("Offset " + startOffset + " is out of range for " + topicPartition
                    + ": log start offset " + start + ", log end offset " + end);
        }
        long limit = Math.min(maxOffsetExclusive, end);
        if (startOffset >= limit) {
            return new ReadResult(MemoryRecords.EMPTY, hw, start, end);
        }
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        try {
            while (entry != null && entry.getKey() < limit) {
                var slice = entry.getValue().read(startOffset, maxBytes, limit, minOneMessage);
                if (slice != null) {
                    return new ReadResult(slice, hw, start, end);
                }
                entry = segments.higherEntry(entry.getKey());
            }
        } catch (IOException e) {
            throw new KafkaStorageException("Read from " + topicPartition + " failed", e);
        }
        return new ReadResult(MemoryRecords.EMPTY, hw, start, end);
    }

    /**
     * Completes once everything below {@code offset} is fsynced. PAGE_CACHE: already complete. FSYNC: completes
     * on a flusher thread after the group commit covering it; fails if the log is closed first or fsync fails.
     */
    public CompletableFuture<Void> awaitDurable(long offset) {
        if (host.durability() == Durability.PAGE_CACHE) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = durable.register(offset);
        if (!f.isDone()) {
            requestGroupCommit();
        }
        return f;
    }

    /** Fsyncs everything appended so far. */
    public void flush() {
        flush(logEndOffset);
    }

    /** Fsyncs segments up to {@code offset} (exclusive) and moves the recovery point (and FSYNC high watermark). */
    void flush(long offset) {
        long target = Math.min(offset, logEndOffset);
        long records;
        long nanos;
        synchronized (flushLock) {
            if (target <= recoveryPoint || closed) {
                return;
            }
            records = target - recoveryPoint;
            long started = System.nanoTime();
            try {
                if (dirNeedsFlush) {
                    // Clear before syncing: a roll racing with this flush sets it again.
                    dirNeedsFlush = false;
                    Fsync.dir(dir);
                }
                Long from = segments.floorKey(recoveryPoint);
                LogSegment active = activeSegment;
                for (LogSegment seg : segments.tailMap(from == null ? segments.firstKey() : from, true).headMap(target).values()) {
                    flushSegment(seg, seg != active && seg.nextOffset() <= target);
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                KafkaStorageException failure = new KafkaStorageException("Flush of " + topicPartition + " failed", e);
                durable.failAll(failure);
                throw failure;
            }
            nanos = System.nanoTime() - started;
            recoveryPoint = target;
            unflushedMessagesReset(target);
            lastFlushMs = host.time().milliseconds();
        }
        // High watermark first: whoever sees its ack complete must also see the data as visible.
        if (host.durability() == Durability.FSYNC) {
            advanceHighWatermark(target);
        }
        int acknowledged = durable.advance(target);
        host.flushed(topicPartition, records, acknowledged, nanos);
    }

    private void flushSegment(LogSegment seg, boolean withIndexes) throws IOException {
        try {
            seg.flush();
            if (withIndexes) {
                // A rolled segment below the recovery point is trusted with its indexes after a crash.
                seg.flushIndexes();
            }
        } catch (IOException | RuntimeException e) {
            if (segments.get(seg.baseOffset()) == seg) {
                throw e;
            }
            // Retention removed the segment meanwhile: nothing of it needs to be durable any more.
        }
    }

    private void unflushedMessagesReset(long flushedTo) {
        // Approximate under concurrency by design: flush.messages is a trigger, not an invariant.
        if (flushedTo >= logEndOffset) {
            unflushedMessages = 0;
        }
    }

    /** Flushes when {@code flush.ms} elapsed since the last flush and something is unflushed (PAGE_CACHE). */
    void maybeFlushByTime(long nowMs) {
        LogConfig cfg = config;
        if (cfg.flushMs() != Long.MAX_VALUE && recoveryPoint < logEndOffset && nowMs - lastFlushMs >= cfg.flushMs()) {
            flush(logEndOffset);
        }
    }

    /**
     * First record whose timestamp is >= {@code timestamp} below the high watermark (ListOffsets by time).
     *
     * @throws org.apache.kafka.common.InvalidRecordException if a compressed batch it reads holds a record over
     *         {@code max.decompressed.message.bytes} (lowered after the record was stored), as in Kafka
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) {
        ensureOpen();
        long start = logStartOffset;
        long hw = highWatermark;
        try {
            for (LogSegment seg : segments.values()) {
                if (seg.largestTimestamp() >= timestamp) {
                    Optional<TimestampAndOffset> found = seg.findOffsetByTimestamp(timestamp, start,
                            config.maxDecompressedMessageBytes());
                    if (found.isPresent()) {
                        return found.get().offset < hw ? found : Optional.empty();
                    }
                }
            }
        } catch (IOException e) {
            throw new KafkaStorageException("Timestamp lookup in " + topicPartition + " failed", e);
        }
        return Optional.empty();
    }

    /**
     * The record with the largest timestamp (ListOffsets MAX_TIMESTAMP); the first segment wins ties. Empty when no
     * segment holds a timestamped record, or while that record is above the high watermark.
     */
    public Optional<TimestampAndOffset> maxTimestampAndOffset() {
        ensureOpen();
        long hw = highWatermark;
        LogSegment best = null;
        for (LogSegment seg : segments.values()) {
            if (best == null || seg.maxTimestamp().timestamp() > best.maxTimestamp().timestamp()) {
                best = seg;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        // Like Kafka, records below the log start offset still count while their segment exists.
        return best.maxTimestampRecord(config.maxDecompressedMessageBytes()).filter(t -> t.offset < hw);
    }

    /**
     * DeleteRecords: moves the log start offset to {@code offset} and deletes the segments entirely below it.
     *
     * @throws OffsetOutOfRangeException if {@code offset} is above the high watermark
     */
    public long deleteRecordsBefore(long offset) {
        lock.lock();
        try {
            ensureOpen();
            if (offset > highWatermark || offset < 0) {
                throw new OffsetOutOfRangeException("Cannot delete records before " + offset + " in " + topicPartition
                        + ": high watermark is " + highWatermark);
            }
            if (offset <= logStartOffset) {
                return logStartOffset;
            }
            logStartOffset = offset;
            deleteSegments(RetentionPlanner.belowLogStart(new ArrayList<>(segments.values()), logStartOffset));
            truncateEpochsFromStart();
        } finally {
            lock.unlock();
        }
        host.logStartOffsetChanged(this);
        return logStartOffset;
    }

    /** Applies retention.ms, retention.bytes and the log start offset; returns the number of segments deleted. */
    int deleteOldSegments() {
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            List<LogSegment> deletable = RetentionPlanner.plan(new ArrayList<>(segments.values()), highWatermark,
                    logStartOffset, config, host.time().milliseconds());
            if (deletable.isEmpty()) {
                return 0;
            }
            if (deletable.contains(activeSegment)) {
                // Like Kafka: to delete everything, roll first so the log keeps an (empty) active segment.
                rollLocked();
            }
            deleteSegments(deletable);
            long first = segments.firstKey();
            if (first > logStartOffset) {
                logStartOffset = first;
                truncateEpochsFromStart();
            }
            return deletable.size();
        } finally {
            lock.unlock();
        }
    }

    /** Removes segments from the map now; their files are renamed and deleted after file.delete.delay.ms. */
    private void deleteSegments(List<LogSegment> toDelete) {
        for (LogSegment seg : toDelete) {
            segments.remove(seg.baseOffset());
        }
        deleteSegmentFiles(toDelete);
    }

    /** Renames the files of segments no longer in the map to .deleted and deletes them after file.delete.delay.ms. */
    private void deleteSegmentFiles(List<LogSegment> toDelete) {
        for (LogSegment seg : toDelete) {
            try {
                seg.renameToDeleted();
            } catch (IOException e) {
                LOG.warn("Cannot rename segment {} for deletion", seg, e);
            }
            host.runLater(() -> {
                try {
                    seg.deleteFiles();
                } catch (IOException e) {
                    LOG.warn("Cannot delete segment {}", seg, e);
                }
            }, config.fileDeleteDelayMs());
        }
    }

    /**
     * What the cleaner reads, taken under the append lock so it is one consistent state: the segments, the active
     * segment's base offset, the last stable offset, the log start offset, the config and each producer's last
     * data offset (the batch Kafka's cleaner keeps so the producer's sequence survives).
     */
    record CleaningView(List<LogSegment> segments, long activeBaseOffset, long lastStableOffset, long logStartOffset,
                        LogConfig config, Map<Long, Long> lastDataOffsets) {
    }

    CleaningView cleaningView() {
        lock.lock();
        try {
            ensureOpen();
            Map<Long, Long> last = new java.util.HashMap<>();
            producerState.producers().forEach((id, e) -> last.put(id, e.lastDataOffset()));
            return new CleaningView(new ArrayList<>(segments.values()), activeSegment.baseOffset(), lastStableOffset(),
                    logStartOffset, config, last);
        }
        finally {
            lock.unlock();
        }
    }

    /** Called at each step of a segment swap with the step's name; crash tests copy the files there. */
    volatile java.util.function.Consumer<String> swapProbe = step -> { };

    /**
     * Replaces {@code old} (consecutive segments, oldest first) by {@code cleaned}, whose files carry the
     * {@code .cleaned} suffix, are complete and fsynced. Under the append lock, so appends and retention wait only
     * for these renames, never for the copy. Kafka's protocol (see {@code SwapRecovery} for what a crash at each
     * step leaves): index files to {@code .swap}, log file to {@code .swap} (the commit point), segment map
     * updated, old segments renamed {@code .deleted} (their files are deleted after {@code file.delete.delay.ms},
     * so reads in flight finish), swap files renamed to their final names.
     *
     * @return false, with the cleaned files deleted, when the old segments are no longer all in the log
     *         (retention or DeleteRecords removed some meanwhile) or the log is closed
     */
    boolean replaceSegments(List<LogSegment> old, LogSegment cleaned) throws IOException {
        lock.lock();
        try {
            boolean current = !closed;
            for (LogSegment seg : old) {
                current &= segments.get(seg.baseOffset()) == seg && seg != activeSegment;
            }
            if (!current) {
                cleaned.deleteFiles();
                return false;
            }
            try {
                swapProbe.accept("cleaned");
                cleaned.renameIndexSuffix(LogFiles.CLEANED_SUFFIX, LogFiles.SWAP_SUFFIX);
                Fsync.dir(dir);
                swapProbe.accept("index-swap");
                cleaned.renameLogSuffix(LogFiles.CLEANED_SUFFIX, LogFiles.SWAP_SUFFIX);
                Fsync.dir(dir);
            } catch (IOException | RuntimeException e) {
                // Not committed: the old segments stand; start-up deletes whatever of the new files is left.
                try {
                    cleaned.deleteFiles();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            swapProbe.accept("log-swap");
            segments.put(cleaned.baseOffset(), cleaned);
            for (LogSegment seg : old) {
                if (seg.baseOffset() != cleaned.baseOffset()) {
                    segments.remove(seg.baseOffset());
                }
            }
            deleteSegmentFiles(old);
            swapProbe.accept("old-deleted");
            try {
                cleaned.renameIndexSuffix(LogFiles.SWAP_SUFFIX, "");
                swapProbe.accept("index-renamed");
                cleaned.renameLogSuffix(LogFiles.SWAP_SUFFIX, "");
                Fsync.dir(dir);
            } catch (IOException e) {
                // Committed: the segment map already serves the new segment; start-up finishes the renames.
                throw new KafkaStorageException("Cannot finish the swap of cleaned segment " + cleaned
                        + " in " + topicPartition + "; it completes at the next start-up", e);
            }
            swapProbe.accept("done");
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The producers this partition remembers (DescribeProducers). A consistent copy, taken under the append lock. */
    public List<ProducerInfo> producers() {
        lock.lock();
        try {
            List<ProducerInfo> out = new ArrayList<>();
            producerState.producers().values().forEach(e -> out.add(new ProducerInfo(e.producerId(), e.epoch(),
                    e.lastSeq(), e.lastTimestamp(), e.coordinatorEpoch(), e.currentTxnFirstOffset())));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Producer state for tests; only the append path may use it concurrently with appends. */
    ProducerStateManager producerStateManager() {
        return producerState;
    }

    /** Expires idle producers (producer.id.expiration.ms). */
    void expireProducers(long nowMs, long expirationMs) {
        lock.lock();
        try {
            producerState.expire(nowMs, expirationMs);
        } finally {
            lock.unlock();
        }
    }

    /** Snapshots producer state, closes segments (trimming indexes) after an fsync. */
    void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            flush(logEndOffset);
            ProducerSnapshotFile.write(LogFiles.snapshotFile(dir, logEndOffset), producerState.producers(), true);
            LogLoader.pruneSnapshots(dir);
            closed = true;
            for (LogSegment seg : segments.values()) {
                seg.close(seg == activeSegment);
            }
        } catch (IOException e) {
            throw new KafkaStorageException("Close of " + topicPartition + " failed", e);
        } finally {
            closed = true;
            lock.unlock();
            durable.close(new KafkaStorageException("Log " + topicPartition + " is closed"));
        }
    }

    /** Closes the file handles without flushing, for deletion. */
    void closeForDelete() {
        lock.lock();
        try {
            closed = true;
            for (LogSegment seg : segments.values()) {
                try {
                    seg.closeHandlers();
                } catch (IOException e) {
                    LOG.warn("Cannot close {}", seg, e);
                }
            }
        } finally {
            lock.unlock();
            durable.close(new KafkaStorageException("Log " + topicPartition + " was deleted"));
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaStorageException("Log " + topicPartition + " is closed");
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", start=" + logStartOffset + ", hw=" + highWatermark
                + ", end=" + logEndOffset + ", segments=" + segments.size() + ")";
    }
}
