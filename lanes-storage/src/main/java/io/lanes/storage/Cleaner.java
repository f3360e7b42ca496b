package io.lanes.storage;

import io.lanes.storage.internal.LogSegment;
import io.lanes.storage.internal.OffsetMap;
import io.lanes.storage.internal.Throttler;
import io.lanes.storage.internal.TxnCleaningState;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetention;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetentionResult;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Cleans one log once, with Kafka's semantics (its {@code Cleaner}).
 *
 * <ol>
 *   <li>Map: walk the dirty section {@code [firstDirty, firstUncleanable)} and map each key to the offset of its
 *   latest record, skipping control batches and batches of aborted transactions, until the map is full.
 *   Everything up to the last batch mapped ({@code endOffset}) will be clean afterwards.</li>
 *   <li>Group: the segments below {@code endOffset} (never the active one) are grouped, consecutive, so that a
 *   group's log stays within {@code segment.bytes}, its indexes within {@code segment.index.bytes} and its
 *   offsets within an int of its base.</li>
 *   <li>Copy: each group is rewritten into one {@code .cleaned} segment through
 *   {@link MemoryRecords#filterTo} (Kafka's own batch rewriting): a record is kept when its offset is the
 *   latest of its key (or above the map), except tombstones past their batch's delete horizon; batches of
 *   aborted transactions go; a marker goes once its transaction has no data left and its delete horizon
 *   passed; the last batch of every producer stays (empty if need be) so idempotent producers keep their
 *   sequence; batches that receive their first tombstone or removable marker get the horizon
 *   {@code now + delete.retention.ms}. Offsets never change: gaps appear.</li>
 *   <li>Swap: {@link PartitionLog#replaceSegments}, the only step under the partition's lock.</li>
 * </ol>
 * Reads and writes are throttled by {@code log.cleaner.io.max.bytes.per.second}.
 *
 * <p>Not thread-safe: one instance per cleaner thread.
 */
final class Cleaner {

    /** The range a pass cleans; {@code firstDirty <= firstUncleanable}. */
    record Range(long firstDirty, long firstUncleanable) {
    }

    /** Result of a pass: the new first dirty offset, and the latest delete horizon the pass set or saw. */
    record Result(long endOffset, long latestDeleteHorizon) {
    }

    static final class Aborted extends RuntimeException {
        Aborted() {
            super("Cleaning aborted", null, false, false);
        }
    }

    private final CleanerConfig config;
    private final Throttler throttler;
    private final Time time;
    private final BooleanSupplier stopped;
    private BooleanSupplier abort = () -> false;

    Cleaner(CleanerConfig config, Throttler throttler, Time time, BooleanSupplier stopped) {
        this.config = config;
        this.throttler = throttler;
        this.time = time;
        this.stopped = stopped;
    }

    /** @param abort polled between batches: when true the pass stops with {@link Aborted} and nothing swapped */
    Result clean(PartitionLog log, Range range, BooleanSupplier abort) throws IOException, InterruptedException {
        this.abort = abort;
        PartitionLog.CleaningView view = log.cleaningView();
        OffsetMap map = new OffsetMap(mapSlots(range));
        long endOffset = buildOffsetMap(log, view, range, map);
        long now = time.milliseconds();
        long[] latestHorizon = {RecordBatch.NO_TIMESTAMP};
        for (List<LogSegment> group : groups(view, endOffset, range.firstUncleanable())) {
            cleanGroup(log, view, group, map, now, latestHorizon);
        }
        return new Result(endOffset, latestHorizon[0]);
    }

    /** Enough slots for every offset of the dirty section, within the thread's share of the dedupe buffer. */
    private int mapSlots(Range range) {
        long wanted = (long) Math.ceil((range.firstUncleanable() - range.firstDirty()) / config.ioBufferLoadFactor()) + 1;
        return (int) Math.max(1, Math.min(config.slotsPerThread(), wanted));
    }

    private long buildOffsetMap(PartitionLog log, PartitionLog.CleaningView view, Range range, OffsetMap map)
            throws InterruptedException {
        long start = range.firstDirty();
        long end = range.firstUncleanable();
        int maxEntries = (int) (map.slots() * config.ioBufferLoadFactor());
        // Records below the dirty section are not mapped, but tombstones there may still expire: they count as covered.
        map.updateLatestOffset(start - 1);
        TxnCleaningState txns = new TxnCleaningState(log.abortedTransactions(start, end));
        for (LogSegment seg : view.segments()) {
            if (seg.baseOffset() >= end || seg.nextOffset() <= start || seg.baseOffset() >= view.activeBaseOffset()) {
                continue;
            }
            for (FileChannelRecordBatch batch : seg.log().batches()) {
                checkStopped();
                if (batch.lastOffset() < start) {
                    continue;
                }
                if (batch.baseOffset() >= end) {
                    break;
                }
                boolean skip;
                if (batch.isControlBatch()) {
                    txns.onControlBatchRead(batch); // moves the transaction state; a marker has no key to map
                    skip = true;
                } else {
                    skip = txns.onBatchRead(batch);
                }
                if (!skip && !mapBatch(batch, start, map, maxEntries, view.config().maxDecompressedMessageBytes())) {
                    return map.latestOffset() + 1;
                }
                map.updateLatestOffset(batch.lastOffset());
                throttler.maybeThrottle(batch.sizeInBytes());
            }
        }
        return map.latestOffset() + 1;
    }

    /** @return false when the map filled up before the batch was fully mapped */
    private static boolean mapBatch(RecordBatch batch, long start, OffsetMap map, int maxEntries, int maxRecordBytes) {
        try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING, maxRecordBytes)) {
            while (records.hasNext()) {
                Record record = records.next();
                if (record.hasKey() && record.offset() >= start) {
                    if (map.size() >= maxEntries) {
                        return false;
                    }
                    map.put(record.key(), record.offset());
                }
            }
        }
        return true;
    }

    /** Kafka's grouping of the segments below {@code endOffset}. */
    private static List<List<LogSegment>> groups(PartitionLog.CleaningView view, long endOffset, long firstUncleanable) {
        List<LogSegment> candidates = new ArrayList<>();
        for (LogSegment seg : view.segments()) {
            if (seg.baseOffset() < endOffset && seg.baseOffset() < view.activeBaseOffset()) {
                candidates.add(seg);
            }
        }
        int maxSize = view.config().segmentBytes();
        int maxIndex = view.config().segmentIndexBytes();
        List<List<LogSegment>> groups = new ArrayList<>();
        int i = 0;
        while (i < candidates.size()) {
            List<LogSegment> group = new ArrayList<>();
            LogSegment first = candidates.get(i);
            group.add(first);
            long size = first.size();
            long index = first.offsetIndexBytes();
            long timeIndex = first.timeIndexBytes();
            i++;
            while (i < candidates.size()) {
                LogSegment next = candidates.get(i);
                long lastOffset = next.nextOffset() - 1;
                if (size + next.size() > maxSize || index + next.offsetIndexBytes() > maxIndex
                        || timeIndex + next.timeIndexBytes() > maxIndex
                        || (next.size() > 0 && lastOffset - first.baseOffset() > Integer.MAX_VALUE)) {
                    break;
                }
                group.add(next);
                size += next.size();
                index += next.offsetIndexBytes();
                timeIndex += next.timeIndexBytes();
                i++;
            }
            groups.add(group);
        }
        return groups;
    }

    private void cleanGroup(PartitionLog log, PartitionLog.CleaningView view, List<LogSegment> group, OffsetMap map,
                            long now, long[] latestHorizon) throws IOException, InterruptedException {
        LogSegment first = group.get(0);
        LogSegment last = group.get(group.size() - 1);
        long groupEnd = last.nextOffset();
        LogConfig cfg = view.config();
        TxnCleaningState txns = new TxnCleaningState(log.abortedTransactions(first.baseOffset(), groupEnd));
        LogSegment cleaned = LogSegment.createCleaned(log.dir(), first.baseOffset(), cfg.indexIntervalBytes(),
                cfg.segmentIndexBytes(), time);
        boolean handedOver = false;
        try {
            GroupFilter filter = new GroupFilter(now, cfg.deleteRetentionMs(), map, txns, view, groupEnd - 1);
            for (LogSegment seg : group) {
                copy(seg, cleaned, filter, latestHorizon, cfg.maxDecompressedMessageBytes());
                log.swapProbe.accept("copied-" + seg.baseOffset());
            }
            for (var abort : txns.retainedAborts()) {
                cleaned.txnIndex().append(abort);
            }
            cleaned.onBecomeInactive();
            cleaned.flush();
            cleaned.flushIndexes();
            cleaned.setLastModified(last.lastModified());
            handedOver = true; // from here on the swap owns the files: once committed they must never be deleted
            log.replaceSegments(group, cleaned);
        } finally {
            if (!handedOver) {
                cleaned.deleteFiles();
            }
        }
    }

    /** Reads {@code seg} in chunks of {@code log.cleaner.io.buffer.size}, filters each and appends what is kept. */
    private void copy(LogSegment seg, LogSegment cleaned, GroupFilter filter, long[] latestHorizon, int maxRecordBytes)
            throws IOException, InterruptedException {
        int position = 0;
        int size = seg.size();
        ByteBuffer read = ByteBuffer.allocate(Math.max(1024, Math.min(config.ioBufferSize(), size)));
        ByteBuffer write = ByteBuffer.allocate(read.capacity());
        while (position < size) {
            checkStopped();
            read.clear();
            seg.log().readInto(read, position);
            MemoryRecords chunk = MemoryRecords.readableRecords(read);
            write.clear();
            MemoryRecords.FilterResult result = chunk.filterTo(filter, write, BufferSupplier.NO_CACHING, maxRecordBytes);
            if (result.bytesRead() == 0) {
                // A batch larger than the buffer: grow to hold it, as Kafka does.
                int batchSize = read.limit() >= 12 ? read.getInt(8) + 12 : 0;
                if (batchSize <= read.capacity()) {
                    throw new IOException("Cannot read a batch of " + seg + " at position " + position);
                }
                read = ByteBuffer.allocate(batchSize);
                write = ByteBuffer.allocate(batchSize);
                continue;
            }
            position += result.bytesRead();
            ByteBuffer out = result.outputBuffer();
            write = out.capacity() > write.capacity() ? ByteBuffer.allocate(out.capacity()) : write;
            out.flip();
            MemoryRecords kept = MemoryRecords.readableRecords(out);
            long next = -1;
            for (MutableRecordBatch batch : kept.batches()) {
                next = batch.lastOffset() + 1;
                batch.deleteHorizonMs().ifPresent(h -> latestHorizon[0] = Math.max(latestHorizon[0], h));
            }
            if (next >= 0) {
                cleaned.append(kept, next);
            }
            throttler.maybeThrottle(result.bytesRead() + (long) kept.sizeInBytes());
        }
    }

    private void checkStopped() {
        if (stopped.getAsBoolean() || abort.getAsBoolean()) {
            throw new Aborted();
        }
    }

    /** Kafka's record filter of a cleaning pass over one group. */
    private static final class GroupFilter extends RecordFilter {
        private final OffsetMap map;
        private final TxnCleaningState txns;
        private final PartitionLog.CleaningView view;
        private final long groupLastOffset;
        private boolean discardBatchRecords;

        GroupFilter(long now, long deleteRetentionMs, OffsetMap map, TxnCleaningState txns,
                    PartitionLog.CleaningView view, long groupLastOffset) {
            super(now, deleteRetentionMs);
            this.map = map;
            this.txns = txns;
            this.view = view;
            this.groupLastOffset = groupLastOffset;
        }

        @Override
        protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
            boolean canDiscard = batch.isControlBatch() ? txns.onControlBatchRead(batch) : txns.onBatchRead(batch);
            if (batch.isControlBatch()) {
                discardBatchRecords = canDiscard && batch.deleteHorizonMs().isPresent()
                        && batch.deleteHorizonMs().getAsLong() <= currentTime;
            } else {
                discardBatchRecords = canDiscard;
            }
            Long producerLast = batch.hasProducerId() ? view.lastDataOffsets().get(batch.producerId()) : null;
            boolean lastOfProducer = producerLast != null && producerLast == batch.lastOffset();
            BatchRetention retention;
            // The group's last batch stays too (empty if need be), so the cleaned segment ends where the group
            // did: start-up recovery of an interrupted swap relies on it.
            if (lastOfProducer || batch.lastOffset() == groupLastOffset) {
                retention = BatchRetention.RETAIN_EMPTY;
            } else if (discardBatchRecords) {
                retention = BatchRetention.DELETE;
            } else {
                retention = BatchRetention.DELETE_EMPTY;
            }
            return new BatchRetentionResult(retention, canDiscard && batch.isControlBatch());
        }

        @Override
        protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
            if (discardBatchRecords) {
                return false;
            }
            if (batch.isControlBatch()) {
                return true;
            }
            if (record.offset() > map.latestOffset()) {
                return true;
            }
            if (!record.hasKey()) {
                return false;
            }
            boolean latest = record.offset() >= map.get(record.key());
            boolean keepDeletes = batch.deleteHorizonMs().isEmpty() || currentTime < batch.deleteHorizonMs().getAsLong();
            return latest && (record.hasValue() || keepDeletes);
        }
    }
}
