package io.lanes.storage.internal;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;
import org.apache.kafka.common.utils.internals.CloseableIterator;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a topic's {@code compression.type} to a client's batches, as Kafka does on append: a batch in another
 * codec is rewritten in the topic's codec with the same records (offsets deltas, timestamps, keys, values,
 * headers) and the same batch identity (producer id, epoch, base sequence, transactional flag), so idempotence
 * and transactions see the batch they were sent. Batches already in the topic's codec are kept byte for byte.
 *
 * <p>Stateless and thread-safe.
 */
public final class Recompression {

    private Recompression() {
    }

    /**
     * @return {@code records} itself when every batch is already in {@code target}'s codec, else new records
     * @throws RecordTooLargeException if a rewritten batch exceeds {@code maxBatchBytes}
     */
    public static MemoryRecords apply(MemoryRecords records, Compression target, int maxBatchBytes,
                                      int maxRecordBytes) {
        boolean allMatch = true;
        for (MutableRecordBatch batch : records.batches()) {
            allMatch &= batch.compressionType() == target.type();
        }
        if (allMatch) {
            return records;
        }
        List<ByteBuffer> batches = new ArrayList<>();
        int total = 0;
        for (MutableRecordBatch batch : records.batches()) {
            ByteBuffer rewritten = batch.compressionType() == target.type() ? copy(batch) : rewrite(batch, target, maxRecordBytes);
            if (rewritten.remaining() > maxBatchBytes) {
                throw new RecordTooLargeException("Batch of " + rewritten.remaining() + " bytes in " + target.type()
                        + " exceeds max.message.bytes " + maxBatchBytes);
            }
            batches.add(rewritten);
            total += rewritten.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        batches.forEach(all::put);
        return MemoryRecords.readableRecords(all.flip());
    }

    private static ByteBuffer copy(MutableRecordBatch batch) {
        ByteBuffer buffer = ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(buffer);
        return buffer.flip();
    }

    private static ByteBuffer rewrite(MutableRecordBatch batch, Compression target, int maxRecordBytes) {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(new ByteBufferOutputStream(batch.sizeInBytes()),
                RecordBatch.CURRENT_MAGIC_VALUE, target, batch.timestampType(), batch.baseOffset(),
                batch.timestampType() == TimestampType.LOG_APPEND_TIME
                        ? batch.maxTimestamp() : RecordBatch.NO_TIMESTAMP,
                batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.isTransactional(),
                false, batch.partitionLeaderEpoch(), Integer.MAX_VALUE);
        try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING, maxRecordBytes)) {
            while (records.hasNext()) {
                Record record = records.next();
                builder.appendWithOffset(record.offset(), record.timestamp(), record.key(), record.value(),
                        record.headers());
            }
        }
        return builder.build().buffer();
    }
}
