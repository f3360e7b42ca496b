package io.lanes.storage.internal;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One segment of a partition log: {@code <base>.log} (record batches back to back, exactly as Kafka stores
 * them), {@code <base>.index} ({@link OffsetIndex}), {@code <base>.timeindex} ({@link TimeIndex}) and, once a
 * transaction aborts in it, {@code <base>.txnindex} ({@link TransactionIndex}).
 *
 * <p>Thread-safety: one writer at a time (the partition's append lock) calls {@link #append}, roll/recovery
 * and close methods; any number of readers call {@link #read} and the lookups concurrently. After writing the
 * bytes and the index entries of an append, the writer publishes the new (size, next offset) pair in one
 * volatile write. Readers take that pair first and never look past it: index entries of a newer append
 * (pointing beyond the size they saw) are skipped, and the header scans stop at that size.
 */
public final class LogSegment {

    private static final Logger LOG = LoggerFactory.getLogger(LogSegment.class);

    /** Largest batch max timestamp in the segment and the last offset of the batch that has it. */
    public record MaxTimestamp(long timestamp, long offset) {
        static final MaxTimestamp UNKNOWN = new MaxTimestamp(RecordBatch.NO_TIMESTAMP, -1L);
    }

    private final Path dir;
    private final long baseOffset;
    private final FileRecords log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final TransactionIndex txnIndex;
    private final int indexIntervalBytes;
    private final long createdMs;
    private final long rollJitterMs;
    /** Writer-only state. */
    private int bytesSinceLastIndexEntry;
    private long rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
    private boolean rollingTimestampLoaded;
    /** Published for readers (retention, ListOffsets). */
    private volatile MaxTimestamp maxTimestamp = MaxTimestamp.UNKNOWN;
    /**
     * Size and next offset published together (one volatile write after the bytes and index entries), so a
     * reader knows that every batch below {@code size} has offsets below {@code nextOffset}.
     */
    private volatile EndMark end;

    private record EndMark(int size, long nextOffset) {
    }

    private LogSegment(Path dir, long baseOffset, FileRecords log, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       TransactionIndex txnIndex, int indexIntervalBytes, long createdMs, long rollJitterMs) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.txnIndex = txnIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.createdMs = createdMs;
        this.rollJitterMs = rollJitterMs;
        this.end = new EndMark(log.sizeInBytes(), baseOffset);
    }

    /** Creates the files of a new, empty, active segment (indexes preallocated). */
    public static LogSegment create(Path dir, long baseOffset, int indexIntervalBytes, int maxIndexSize,
                                    long rollJitterMs, Time time) throws IOException {
        Files.deleteIfExists(LogFiles.indexFile(dir, baseOffset));
        Files.deleteIfExists(LogFiles.timeIndexFile(dir, baseOffset));
        FileRecords log = FileRecords.open(LogFiles.logFile(dir, baseOffset).toFile(), true, false, 0, false);
        if (log.sizeInBytes() > 0) {
            log.truncateTo(0);
        }
        return new LogSegment(dir, baseOffset, log,
                new OffsetIndex(LogFiles.indexFile(dir, baseOffset), baseOffset, maxIndexSize, true),
                new TimeIndex(LogFiles.timeIndexFile(dir, baseOffset), baseOffset, maxIndexSize, true),
                TransactionIndex.create(LogFiles.txnIndexFile(dir, baseOffset)),
                indexIntervalBytes, time.milliseconds(), rollJitterMs);
    }

    /**
     * Creates the files of a segment the cleaner writes: {@code <base>.log.cleaned} and its indexes with the same
     * suffix. They become the segment's files only through {@link #renameSuffix} ({@code .cleaned} to
     * {@code .swap} to none), so a crash leaves files that start-up can tell apart from live ones.
     */
    public static LogSegment createCleaned(Path dir, long baseOffset, int indexIntervalBytes, int maxIndexSize,
                                           Time time) throws IOException {
        String suffix = LogFiles.CLEANED_SUFFIX;
        Path logFile = withSuffix(LogFiles.logFile(dir, baseOffset), suffix);
        Files.deleteIfExists(logFile);
        Path index = withSuffix(LogFiles.indexFile(dir, baseOffset), suffix);
        Path timeIndex = withSuffix(LogFiles.timeIndexFile(dir, baseOffset), suffix);
        Path txnIndex = withSuffix(LogFiles.txnIndexFile(dir, baseOffset), suffix);
        Files.deleteIfExists(index);
        Files.deleteIfExists(timeIndex);
        FileRecords log = FileRecords.open(logFile.toFile(), true, false, 0, false);
        // The transaction index file always exists, so a half-finished swap is recognisable file by file.
        Files.write(txnIndex, new byte[0]);
        return new LogSegment(dir, baseOffset, log,
                new OffsetIndex(index, baseOffset, maxIndexSize, true),
                new TimeIndex(timeIndex, baseOffset, maxIndexSize, true),
                TransactionIndex.open(txnIndex), indexIntervalBytes, time.milliseconds(), 0);
    }

    private static Path withSuffix(Path file, String suffix) {
        return Path.of(file + suffix);
    }

    /**
     * Renames the index files (offset, time, transaction) from suffix {@code from} to {@code to} (either may be
     * empty). The log file is renamed separately with {@link #renameLogSuffix}: its rename is the step recovery
     * looks at, so it comes last.
     */
    public void renameIndexSuffix(String from, String to) throws IOException {
        offsetIndex.renameTo(replaceSuffix(offsetIndex.file(), from, to));
        timeIndex.renameTo(replaceSuffix(timeIndex.file(), from, to));
        txnIndex.renameTo(replaceSuffix(txnIndex.file(), from, to));
    }

    /** Renames the log file from suffix {@code from} to {@code to}; open handles stay valid. */
    public void renameLogSuffix(String from, String to) throws IOException {
        log.renameTo(replaceSuffix(log.file().toPath(), from, to).toFile());
    }

    private static Path replaceSuffix(Path file, String from, String to) {
        String name = file.toString();
        if (!name.endsWith(from)) {
            throw new IllegalStateException("Expected suffix " + from + " on " + file);
        }
        return Path.of(name.substring(0, name.length() - from.length()) + to);
    }

    /** Last-modified time of the log file (Kafka keeps the newest source segment's on a cleaned segment). */
    public long lastModified() throws IOException {
        return Files.getLastModifiedTime(log.file().toPath()).toMillis();
    }

    public void setLastModified(long millis) throws IOException {
        Files.setLastModifiedTime(log.file().toPath(), java.nio.file.attribute.FileTime.fromMillis(millis));
    }

    /** Offset index entries times 8 plus time index entries times 12: what merging this segment adds. */
    public int offsetIndexBytes() { return offsetIndex.entries() * 8; }
    public int timeIndexBytes() { return timeIndex.entries() * 12; }

    /** The max timestamp of the first batch, or -1 for an empty segment (max.compaction.lag.ms). */
    public long firstBatchTimestamp() {
        for (FileChannelRecordBatch batch : log.batches()) {
            return batch.maxTimestamp();
        }
        return RecordBatch.NO_TIMESTAMP;
    }

    /**
     * Opens an existing segment. Indexes are mapped as found; an active segment's indexes grow back to
     * {@code maxIndexSize}. Call {@link #loadClean} or {@link #recover} next.
     */
    public static LogSegment open(Path dir, long baseOffset, int indexIntervalBytes, int maxIndexSize,
                                  boolean active, long rollJitterMs, Time time) throws IOException {
        FileRecords log = FileRecords.open(LogFiles.logFile(dir, baseOffset).toFile(), true, true, 0, false);
        int indexSize = active ? maxIndexSize : -1;
        long created = Files.getLastModifiedTime(LogFiles.logFile(dir, baseOffset)).toMillis();
        return new LogSegment(dir, baseOffset, log,
                new OffsetIndex(LogFiles.indexFile(dir, baseOffset), baseOffset, indexSize, true),
                new TimeIndex(LogFiles.timeIndexFile(dir, baseOffset), baseOffset, indexSize, true),
                TransactionIndex.open(LogFiles.txnIndexFile(dir, baseOffset)),
                indexIntervalBytes, active ? time.milliseconds() : created, rollJitterMs);
    }

    public long baseOffset() { return baseOffset; }
    /** Offset after the last batch (the base offset when empty). */
    public long nextOffset() { return end.nextOffset(); }
    public int size() { return log.sizeInBytes(); }
    public FileRecords log() { return log; }
    public OffsetIndex offsetIndex() { return offsetIndex; }
    public TimeIndex timeIndex() { return timeIndex; }
    public TransactionIndex txnIndex() { return txnIndex; }
    public MaxTimestamp maxTimestamp() { return maxTimestamp; }

    /**
     * Appends batches whose offsets are already assigned, and adds index entries every
     * {@code index.interval.bytes} (Kafka's rule: an entry for a batch when more than the interval was
     * written since the last entry). Writer only.
     */
    public void append(MemoryRecords records, long nextOffsetAfter) throws IOException {
        int position = log.sizeInBytes();
        if (position == 0 && !rollingTimestampLoaded) {
            rollingBasedTimestamp = records.batches().iterator().next().maxTimestamp();
            rollingTimestampLoaded = true;
        }
        log.append(records);
        MaxTimestamp max = maxTimestamp;
        for (MutableRecordBatch batch : records.batches()) {
            max = indexBatch(batch.lastOffset(), indexedTimestamp(batch), position, batch.sizeInBytes(), max);
            position += batch.sizeInBytes();
        }
        maxTimestamp = max;
        end = new EndMark(log.sizeInBytes(), nextOffsetAfter);
    }

    /**
     * The timestamp a batch contributes to the time index: none for an empty batch (the cleaner keeps some, for
     * producer state), whose header still carries the max timestamp of the records it no longer has.
     */
    private static long indexedTimestamp(RecordBatch batch) {
        Integer count = batch.countOrNull();
        return count != null && count == 0 ? RecordBatch.NO_TIMESTAMP : batch.maxTimestamp();
    }

    private MaxTimestamp indexBatch(long lastOffset, long batchMaxTimestamp, int position, int size, MaxTimestamp max) {
        if (batchMaxTimestamp > max.timestamp()) {
            max = new MaxTimestamp(batchMaxTimestamp, lastOffset);
        }
        // A full index (possible only in recovery, after segment.index.bytes shrank) just stays sparser.
        if (bytesSinceLastIndexEntry > indexIntervalBytes && !offsetIndex.isFull()) {
            offsetIndex.append(lastOffset, position);
            timeIndex.maybeAppend(max.timestamp(), max.offset(), false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += size;
        return max;
    }

    /** Whether the next append of {@code incomingBytes} ending at {@code lastOffset} must go to a new segment. */
    public boolean shouldRoll(int segmentBytes, long segmentMs, int incomingBytes, long incomingMaxTimestamp,
                              long lastOffset, long nowMs) {
        if (log.sizeInBytes() == 0) {
            return false;
        }
        boolean full = (long) log.sizeInBytes() + incomingBytes > segmentBytes;
        boolean indexFull = offsetIndex.isFull() || timeIndex.isAlmostFull();
        boolean offsetOverflow = lastOffset - baseOffset > Integer.MAX_VALUE;
        return full || indexFull || offsetOverflow || timeWaitedForRoll(nowMs, incomingMaxTimestamp) > segmentMs - rollJitterMs;
    }

    /** Kafka's rule: age by record timestamps when the first batch has one, else by wall clock since creation. */
    private long timeWaitedForRoll(long nowMs, long incomingMaxTimestamp) {
        if (!rollingTimestampLoaded) {
            rollingTimestampLoaded = true;
            try {
                for (FileChannelRecordBatch batch : log.batches()) {
                    rollingBasedTimestamp = batch.maxTimestamp();
                    break;
                }
            } catch (RuntimeException e) {
                rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
            }
        }
        if (rollingBasedTimestamp >= 0) {
            return incomingMaxTimestamp - rollingBasedTimestamp;
        }
        return nowMs - createdMs;
    }

    /**
     * Whole batches from the batch containing {@code startOffset}: at most {@code maxBytes} (at least one batch
     * if {@code minOneMessage}), none with an offset at or above {@code maxOffsetExclusive}. Each bound is found
     * with the offset index and a scan of at most about {@code index.interval.bytes} of batch headers.
     *
     * @return null when this segment holds no batch ending at or after {@code startOffset}
     */
    public FileRecords read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) throws IOException {
        EndMark mark = end;
        BatchHeader header = new BatchHeader();
        int start = firstBatchEndingAtOrAfter(startOffset, 0, mark.size(), header);
        if (start < 0) {
            return null;
        }
        int limit = maxOffsetExclusive >= mark.nextOffset() ? mark.size()
                : Math.max(start, positionOrEnd(firstBatchEndingAtOrAfter(maxOffsetExclusive, start, mark.size(), header), mark.size()));
        int stop;
        if ((long) limit - start <= maxBytes) {
            stop = limit;
        } else {
            stop = lastBoundaryAtOrBefore(start + maxBytes, start, limit, header);
            if (stop == start && minOneMessage && header.read(log.channel(), start, limit)) {
                stop = start + header.sizeInBytes();
            }
        }
        return log.slice(start, stop - start);
    }

    private static int positionOrEnd(int position, int end) {
        return position < 0 ? end : position;
    }

    /** Position of the first batch at or after {@code from} whose last offset is >= offset, or -1. */
    private int firstBatchEndingAtOrAfter(long offset, int from, int endPosition, BatchHeader header) throws IOException {
        int position = Math.max(from, offsetIndex.lookup(offset, endPosition).position());
        while (header.read(log.channel(), position, endPosition)) {
            if (header.lastOffset() >= offset) {
                return position;
            }
            position += header.sizeInBytes();
        }
        return -1;
    }

    /** The last batch boundary at or before {@code target}, between {@code start} and {@code limit}. */
    private int lastBoundaryAtOrBefore(long target, int start, int limit, BatchHeader header) throws IOException {
        int position = Math.max(start, offsetIndex.floorByPosition(target).position());
        while (header.read(log.channel(), position, limit) && (long) position + header.sizeInBytes() <= target) {
            position += header.sizeInBytes();
        }
        return position;
    }

    /** Position of the first batch whose last offset is >= offset, or -1. */
    public int translateOffset(long offset) throws IOException {
        EndMark mark = end;
        return firstBatchEndingAtOrAfter(offset, 0, mark.size(), new BatchHeader());
    }

    /** Calls {@code consumer} with the header of every batch ending at or after {@code fromOffset}. */
    public void forEachBatchHeader(long fromOffset, java.util.function.Consumer<BatchHeader> consumer) throws IOException {
        int position = translateOffset(fromOffset);
        if (position < 0) {
            return;
        }
        int endPosition = end.size();
        BatchHeader header = new BatchHeader();
        while (header.read(log.channel(), position, endPosition)) {
            consumer.accept(header);
            position += header.sizeInBytes();
        }
    }

    /** The transaction marker of the control batch whose header was read last by {@code header}, or null. */
    public EndTransactionMarker marker(BatchHeader header) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(header.sizeInBytes());
        Utils.readFully(log.channel(), buf, header.position());
        buf.flip();
        return ControlBatches.marker(MemoryRecords.readableRecords(buf).batches().iterator().next());
    }

    /** First record with timestamp >= target and offset >= startingOffset (Kafka's segment search). */
    public Optional<TimestampAndOffset> findOffsetByTimestamp(long timestamp, long startingOffset, int maxRecordBytes) {
        TimeIndex.Entry t = timeIndex.lookup(timestamp);
        int position = offsetIndex.lookup(Math.max(t.offset(), startingOffset)).position();
        return Optional.ofNullable(log.searchForTimestamp(timestamp, position, startingOffset, maxRecordBytes));
    }

    /** The record carrying this segment's max timestamp (ListOffsets MAX_TIMESTAMP). */
    public Optional<TimestampAndOffset> maxTimestampRecord(int maxRecordBytes) {
        MaxTimestamp max = maxTimestamp;
        if (max.timestamp() < 0 && max.offset() < 0) {
            return Optional.empty();
        }
        int position = offsetIndex.lookup(max.offset()).position();
        for (FileChannelRecordBatch batch : log.batchesFrom(position)) {
            if (batch.maxTimestamp() == max.timestamp()) {
                Optional<Long> offset = batch.offsetOfMaxTimestamp(maxRecordBytes);
                if (offset.isPresent()) {
                    int epoch = batch.partitionLeaderEpoch();
                    return Optional.of(new TimestampAndOffset(batch.maxTimestamp(), offset.get(),
                            epoch >= 0 ? Optional.of(epoch) : Optional.empty()));
                }
            }
        }
        return Optional.empty();
    }

    /** Largest timestamp for retention: the max record timestamp, or the file's mtime when there is none. */
    public long largestTimestamp() throws IOException {
        MaxTimestamp max = maxTimestamp;
        if (max.timestamp() >= 0) {
            return max.timestamp();
        }
        return lastModified();
    }

    /**
     * Trusts the files after a clean shutdown: checks the indexes like Kafka does and finds the next offset by
     * scanning batch headers from the last index entry.
     *
     * @return false when the files fail the checks and the segment must be recovered
     */
    public boolean loadClean() throws IOException {
        int size = log.sizeInBytes();
        if (!offsetIndex.isSane(size) || !timeIndex.isSane()) {
            return false;
        }
        OffsetIndex.Entry last = offsetIndex.lastEntry();
        BatchHeader header = new BatchHeader();
        int position = last.position();
        long next = baseOffset;
        while (header.read(log.channel(), position, size)) {
            if (header.magic() != RecordBatch.MAGIC_VALUE_V2 || header.sizeInBytes() < BatchHeader.HEADER_SIZE
                    || header.lastOffset() < Math.max(next, header.baseOffset())) {
                return false;
            }
            next = header.lastOffset() + 1;
            position += header.sizeInBytes();
        }
        if (position != size) {
            return false;
        }
        TimeIndex.Entry lastTime = timeIndex.lastEntry();
        maxTimestamp = lastTime.timestamp() >= 0 ? new MaxTimestamp(lastTime.timestamp(), lastTime.offset()) : MaxTimestamp.UNKNOWN;
        end = new EndMark(size, next);
        return true;
    }

    /**
     * Re-validates every batch (magic v2, CRC32C, offsets increasing and, unless {@code allowGaps}, contiguous
     * from {@code expectedFirstOffset}), rebuilds both indexes and truncates the file at the first bad or
     * incomplete batch. Writer only.
     *
     * @return bytes truncated
     */
    public int recover(long expectedFirstOffset, boolean allowGaps, int maxBatchBytes) throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        bytesSinceLastIndexEntry = 0;
        MaxTimestamp max = MaxTimestamp.UNKNOWN;
        int validBytes = 0;
        long expected = expectedFirstOffset;
        try {
            for (FileChannelRecordBatch batch : log.batches()) {
                if (!isValidForRecovery(batch, expected, allowGaps, maxBatchBytes)) {
                    break;
                }
                max = indexBatch(batch.lastOffset(), indexedTimestamp(batch), validBytes, batch.sizeInBytes(), max);
                validBytes += batch.sizeInBytes();
                expected = batch.lastOffset() + 1;
            }
        } catch (CorruptRecordException e) {
            LOG.warn("Found invalid batch in {} at position {}: {}", log.file(), validBytes, e.getMessage());
        }
        int truncated = log.sizeInBytes() - validBytes;
        if (truncated > 0) {
            LOG.warn("Truncating {} from {} to {} bytes", log.file(), log.sizeInBytes(), validBytes);
            log.truncateTo(validBytes);
        }
        maxTimestamp = max;
        end = new EndMark(log.sizeInBytes(), expected);
        rollingTimestampLoaded = false;
        return truncated;
    }

    private boolean isValidForRecovery(FileChannelRecordBatch batch, long expected, boolean allowGaps, int maxBatchBytes) {
        try {
            if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || batch.sizeInBytes() > Math.max(maxBatchBytes, 0)) {
                LOG.warn("Invalid batch in {} at offset {}: magic {} size {}", log.file(), batch.baseOffset(), batch.magic(), batch.sizeInBytes());
                return false;
            }
            batch.ensureValid();
            long base = batch.baseOffset();
            long last = batch.lastOffset();
            if (base < expected || (!allowGaps && base != expected) || last < base || last - baseOffset > Integer.MAX_VALUE) {
                LOG.warn("Unexpected offsets in {}: batch {}..{}, expected {}", log.file(), base, last, expected);
                return false;
            }
            return true;
        } catch (CorruptRecordException e) {
            LOG.warn("Corrupt batch in {} at offset {}: {}", log.file(), batch.baseOffset(), e.getMessage());
            return false;
        }
    }

    /** Drops all batches at or after {@code offset}; returns bytes removed. Writer only. */
    public int truncateTo(long offset) throws IOException {
        int position = translateOffset(offset);
        if (position < 0) {
            return 0;
        }
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        txnIndex.truncateTo(offset);
        int removed = log.truncateTo(position);
        // Recompute derived state from what remains; rare path, so a rescan is fine.
        recover(baseOffset, true, Integer.MAX_VALUE);
        return removed;
    }

    /** Adds the final time index entry and trims both indexes to their valid entries (Kafka does this on roll). */
    public void onBecomeInactive() {
        MaxTimestamp max = maxTimestamp;
        if (max.timestamp() >= 0) {
            timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    /** Fsyncs the log data. */
    public void flush() throws IOException {
        Fsync.file(log);
        txnIndex.flush();
    }

    public void flushIndexes() {
        offsetIndex.flush();
        timeIndex.flush();
    }

    /**
     * Closes the files. The active segment first gets its final time index entry and trimmed, fsynced
     * indexes; rolled segments got those on roll and flush. The log data must already be flushed by the caller
     * (the partition flushes everything once instead of fsyncing every segment again).
     */
    public void close(boolean active) throws IOException {
        if (active) {
            onBecomeInactive();
            flushIndexes();
        }
        offsetIndex.close();
        timeIndex.close();
        txnIndex.close();
        // Not log.close(): FileRecords.close() fsyncs again, once per segment; closing the channel is enough.
        log.channel().close();
    }

    /** Closes without touching the files (used when the files are about to be deleted). */
    public void closeHandlers() throws IOException {
        offsetIndex.close();
        timeIndex.close();
        txnIndex.close();
        log.channel().close();
    }

    /** Renames the files with a {@code .deleted} suffix; open handles stay valid for readers. */
    public void renameToDeleted() throws IOException {
        log.renameTo(Path.of(log.file().getPath() + LogFiles.DELETED_SUFFIX).toFile());
        offsetIndex.renameTo(Path.of(offsetIndex.file() + LogFiles.DELETED_SUFFIX));
        timeIndex.renameTo(Path.of(timeIndex.file() + LogFiles.DELETED_SUFFIX));
        txnIndex.renameTo(Path.of(txnIndex.file() + LogFiles.DELETED_SUFFIX));
    }

    public void deleteFiles() throws IOException {
        closeHandlers();
        Files.deleteIfExists(log.file().toPath());
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        txnIndex.deleteIfExists();
    }

    @Override
    public String toString() {
        return "LogSegment(" + log.file() + ", next=" + end.nextOffset() + ", size=" + log.sizeInBytes() + ")";
    }
}
