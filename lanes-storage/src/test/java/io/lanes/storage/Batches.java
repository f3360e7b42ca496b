package io.lanes.storage;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds produce-like batches and reads back what a log returns. */
final class Batches {

    private Batches() {
    }

    static SimpleRecord record(long timestamp, String value) {
        return new SimpleRecord(timestamp, ("k-" + value).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain (non-idempotent) batch of {@code count} records valued prefix-0.. with the given timestamp. */
    static MemoryRecords plain(CompressionType compression, long timestamp, String prefix, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = record(timestamp, prefix + "-" + i);
        }
        return MemoryRecords.withRecords(compression(compression), records);
    }

    static MemoryRecords plain(long timestamp, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = record(timestamp, values[i]);
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    static Compression compression(CompressionType type) {
        return switch (type) {
            case NONE -> Compression.NONE;
            case LZ4 -> Compression.lz4().build();
            case GZIP -> Compression.gzip().build();
            case SNAPPY -> Compression.snappy().build();
            case ZSTD -> Compression.zstd().build();
        };
    }

    static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, int count, long timestamp) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = record(timestamp, "p" + producerId + "-s" + (baseSequence + i));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, records);
    }

    static MemoryRecords transactional(long producerId, short epoch, int baseSequence, int count, long timestamp) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = record(timestamp, "t" + producerId + "-s" + (baseSequence + i));
        }
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, baseSequence, records);
    }

    /** Several batches concatenated into one request. */
    static MemoryRecords concat(MemoryRecords... parts) {
        int size = 0;
        for (MemoryRecords p : parts) {
            size += p.sizeInBytes();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (MemoryRecords p : parts) {
            buf.put(p.buffer().duplicate());
        }
        buf.flip();
        return MemoryRecords.readableRecords(buf);
    }

    /** Batches with one record per timestamp, built with MemoryRecordsBuilder. */
    static MemoryRecords withTimestamps(long... timestamps) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(1024 + timestamps.length * 64), Compression.NONE,
                TimestampType.CREATE_TIME, 0L);
        for (long ts : timestamps) {
            b.append(ts, null, ("v" + ts).getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** Offset and value of every record in what a read returned. */
    static List<String> values(Records records) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            for (Record r : batch) {
                byte[] v = new byte[r.valueSize()];
                r.value().get(v);
                out.add(r.offset() + ":" + new String(v, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static List<Long> offsets(Records records) {
        List<Long> out = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            for (Record r : batch) {
                out.add(r.offset());
            }
        }
        return out;
    }
}
