package io.lanes.broker.share;

import io.lanes.coordinator.share.ShareLogRecord;
import io.lanes.storage.AbortedTxn;
import io.lanes.storage.PartitionLog;
import io.lanes.storage.ReadResult;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a partition for a share fetch: whole batches from an offset up to the high watermark (read_uncommitted)
 * or the last stable offset (read_committed, {@code share.isolation.level}), and the offset and key of each data
 * record in them (control batches carry no record to deliver). Read committed, a record of an aborted transaction
 * is marked aborted, so the share-partition archives it instead of acquiring it (Kafka's rule). Keys are copied so
 * an in-flight record does not keep its batch in memory. Stateless and thread-safe.
 */
final class ShareLogReader {
    /** Where a batch lies in what was read: its offsets, and its bytes {@code [start, end)}. */
    record BatchPlace(long baseOffset, long lastOffset, int start, int end) {
    }

    /**
     * What was read: the batches to send, their records from {@code from} on, and the place of each batch, so that
     * a fetch can send only the batches holding what it acquired without reading their headers again.
     */
    record Read(Records records, List<ShareLogRecord> logRecords, List<BatchPlace> batches) {
        static final Read EMPTY = new Read(MemoryRecords.EMPTY, List.of(), List.of());

        /**
         * The whole batches that hold an offset in {@code [firstOffset, lastOffset]} (what a fetch acquired): a
         * share fetch sends only those, as Kafka does, not everything it read to look for acquirable records. A
         * {@code FileRecords} stays a (zero-copy) file slice.
         */
        Records covering(long firstOffset, long lastOffset) {
            int start = -1;
            int end = 0;
            for (BatchPlace batch : batches) {
                if (batch.baseOffset() > lastOffset) {
                    break;
                }
                if (batch.lastOffset() >= firstOffset) {
                    if (start < 0) {
                        start = batch.start();
                    }
                    end = batch.end();
                }
            }
            if (start < 0) {
                return MemoryRecords.EMPTY;
            }
            if (start == 0 && end == records.sizeInBytes()) {
                return records;
            }
            if (records instanceof FileRecords file) {
                return file.slice(start, end - start);
            }
            ByteBuffer buffer = ((MemoryRecords) records).buffer().duplicate();
            int base = buffer.position();
            buffer.limit(base + end).position(base + start);
            return MemoryRecords.readableRecords(buffer.slice());
        }
    }

    private ShareLogReader() {
    }

    static Read read(PartitionLog log, long from, int maxBytes, boolean readCommitted) {
        long limit = readCommitted ? log.lastStableOffset() : log.highWatermark();
        if (from >= limit) {
            return Read.EMPTY;
        }
        ReadResult result = log.read(from, maxBytes, limit, true);
        Records records = result.records();
        if (records == null || records.sizeInBytes() == 0) {
            return Read.EMPTY;
        }
        return scan(records, from, limit, readCommitted ? log.abortedTransactions(from, limit) : List.of());
    }

    /**
     * One pass over the batches of {@code records}: the data records in {@code [from, limit)}, each marked aborted
     * when its batch lies in one of {@code aborted}, and every batch's place.
     */
    static Read scan(Records records, long from, long limit, List<AbortedTxn> aborted) {
        List<ShareLogRecord> out = new ArrayList<>();
        List<BatchPlace> places = new ArrayList<>();
        int position = 0;
        for (RecordBatch batch : records.batches()) {
            int end = position + batch.sizeInBytes();
            places.add(new BatchPlace(batch.baseOffset(), batch.lastOffset(), position, end));
            position = end;
            if (batch.isControlBatch() || batch.lastOffset() < from) {
                continue;
            }
            boolean abortedBatch = batch.isTransactional() && isAborted(aborted, batch);
            for (Record record : batch) {
                if (record.offset() >= from && record.offset() < limit) {
                    out.add(new ShareLogRecord(record.offset(), copy(record.key()), batch.lastOffset(), abortedBatch));
                }
            }
        }
        return new Read(records, out, places);
    }

    /** Whether a transactional batch lies in one of its producer's aborted transactions. */
    private static boolean isAborted(List<AbortedTxn> aborted, RecordBatch batch) {
        for (AbortedTxn txn : aborted) {
            if (txn.producerId() == batch.producerId() && txn.firstOffset() <= batch.baseOffset()
                    && batch.baseOffset() < txn.lastOffset()) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer copy(ByteBuffer key) {
        if (key == null) {
            return null;
        }
        ByteBuffer copy = ByteBuffer.allocate(key.remaining());
        copy.put(key.duplicate());
        return copy.flip();
    }
}
