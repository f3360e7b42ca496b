package io.lanes.storage;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Keyed records for compaction tests: building batches and reading a log back as (offset, key, value). */
final class Keyed {

    /** A record as read back; {@code value} null for a tombstone. */
    record Entry(long offset, String key, String value) {
        @Override
        public String toString() {
            return offset + ":" + key + "=" + value;
        }
    }

    private Keyed() {
    }

    static SimpleRecord record(long timestamp, String key, String value) {
        return new SimpleRecord(timestamp, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** One plain batch; {@code keyValues} alternates key, value (value null = tombstone). */
    static MemoryRecords plain(long timestamp, String... keyValues) {
        return MemoryRecords.withRecords(Compression.NONE, records(timestamp, keyValues));
    }

    static MemoryRecords idempotent(long producerId, short epoch, int sequence, long timestamp, String... keyValues) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, sequence, records(timestamp, keyValues));
    }

    static MemoryRecords transactional(long producerId, short epoch, int sequence, long timestamp, String... keyValues) {
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, sequence, records(timestamp, keyValues));
    }

    static MemoryRecords marker(long producerId, short epoch, boolean commit, long timestamp) {
        return MemoryRecords.withEndTransactionMarker(timestamp, producerId, epoch,
                new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, 0));
    }

    private static SimpleRecord[] records(long timestamp, String... keyValues) {
        SimpleRecord[] records = new SimpleRecord[keyValues.length / 2];
        for (int i = 0; i < records.length; i++) {
            records[i] = record(timestamp, keyValues[2 * i], keyValues[2 * i + 1]);
        }
        return records;
    }

    /** Every data record from the log start to the log end, reading from offset to offset as a consumer does. */
    static List<Entry> readAll(PartitionLog log) {
        return readFrom(log, log.logStartOffset());
    }

    /** Every data record from {@code start} to the log end. */
    static List<Entry> readFrom(PartitionLog log, long start) {
        List<Entry> out = new ArrayList<>();
        long offset = start;
        while (offset < log.logEndOffset()) {
            ReadResult r = log.read(offset, 64 * 1024, log.logEndOffset(), true);
            long next = -1;
            for (RecordBatch batch : r.records().batches()) {
                next = batch.lastOffset() + 1;
                if (batch.isControlBatch()) {
                    continue;
                }
                for (Record rec : batch) {
                    if (rec.offset() >= offset) {
                        out.add(new Entry(rec.offset(), string(rec.key()), rec.hasValue() ? string(rec.value()) : null));
                    }
                }
            }
            if (next < 0) {
                break;
            }
            offset = next;
        }
        return out;
    }

    /** Offsets of the control batches (transaction markers) in the log. */
    static List<Long> markers(PartitionLog log) {
        List<Long> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            ReadResult r = log.read(offset, 64 * 1024, log.logEndOffset(), true);
            long next = -1;
            for (RecordBatch batch : r.records().batches()) {
                next = batch.lastOffset() + 1;
                if (batch.isControlBatch() && batch.iterator().hasNext()) {
                    out.add(batch.baseOffset());
                }
            }
            if (next < 0) {
                break;
            }
            offset = next;
        }
        return out;
    }

    private static String string(java.nio.ByteBuffer buf) {
        if (buf == null) {
            return null;
        }
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
