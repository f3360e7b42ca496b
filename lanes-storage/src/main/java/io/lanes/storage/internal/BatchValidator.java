package io.lanes.storage.internal;

import io.lanes.storage.AppendOrigin;
import io.lanes.storage.LogConfig;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.util.Iterator;

/**
 * Validates a produce request's batches from their headers, without decompressing or touching records:
 * magic v2 only, CRC32C, size limit, record count consistent with the offset delta, sequence present for
 * idempotent batches, no control batches from clients, and the CreateTime bounds
 * {@code message.timestamp.before.max.ms} / {@code message.timestamp.after.max.ms} applied to the batch's
 * first and max timestamps (Kafka checks every record; the header only gives these two). Stateless.
 */
public final class BatchValidator {

    /** Header-derived facts about a valid request. */
    public record Summary(int batchCount, int recordCount, long maxTimestamp, boolean hasProducerIds) {
    }

    private BatchValidator() {
    }

    public static Summary validate(MemoryRecords records, LogConfig config, long nowMs, AppendOrigin origin) {
        int batches = 0;
        long records_ = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        boolean producerIds = false;
        int validBytes = 0;
        Iterator<MutableRecordBatch> it = records.batches().iterator();
        while (it.hasNext()) {
            MutableRecordBatch batch = it.next();
            validateBatch(batch, config, nowMs, origin);
            batches++;
            records_ += batch.lastOffset() - batch.baseOffset() + 1;
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            producerIds |= batch.hasProducerId();
            validBytes += batch.sizeInBytes();
        }
        if (validBytes != records.sizeInBytes()) {
            throw new CorruptRecordException("Request has " + (records.sizeInBytes() - validBytes)
                    + " trailing bytes that are not a complete record batch");
        }
        if (records_ > Integer.MAX_VALUE) {
            throw new CorruptRecordException("Too many records in one request: " + records_);
        }
        return new Summary(batches, (int) records_, maxTimestamp, producerIds);
    }

    private static void validateBatch(MutableRecordBatch batch, LogConfig config, long nowMs, AppendOrigin origin) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new CorruptRecordException("Only magic v2 record batches are supported, got magic " + batch.magic());
        }
        if (batch.sizeInBytes() > config.maxMessageBytes()) {
            throw new RecordTooLargeException("Batch of " + batch.sizeInBytes() + " bytes exceeds max.message.bytes "
                    + config.maxMessageBytes());
        }
        batch.ensureValid();
        long delta = batch.lastOffset() - batch.baseOffset();
        Integer count = batch.countOrNull();
        if (delta < 0 || count == null || count <= 0 || count != delta + 1) {
            throw new CorruptRecordException("Batch record count " + count + " does not match its offset delta " + delta);
        }
        if (batch.isControlBatch() && origin == AppendOrigin.CLIENT) {
            throw new InvalidRecordException("Clients may not write control batches");
        }
        if (batch.hasProducerId() && batch.baseSequence() == RecordBatch.NO_SEQUENCE && !batch.isControlBatch()) {
            throw new InvalidRecordException("Idempotent batch of producer " + batch.producerId() + " has no sequence number");
        }
        if (config.messageTimestampType() == TimestampType.CREATE_TIME) {
            checkTimestamp(((DefaultRecordBatch) batch).baseTimestamp(), config, nowMs);
            checkTimestamp(batch.maxTimestamp(), config, nowMs);
        }
    }

    private static void checkTimestamp(long timestamp, LogConfig config, long nowMs) {
        if (timestamp == RecordBatch.NO_TIMESTAMP) {
            return;
        }
        if (timestamp - nowMs > config.messageTimestampAfterMaxMs()) {
            throw new InvalidTimestampException("Timestamp " + timestamp + " is more than "
                    + config.messageTimestampAfterMaxMs() + " ms after the broker time " + nowMs);
        }
        if (nowMs - timestamp > config.messageTimestampBeforeMaxMs()) {
            throw new InvalidTimestampException("Timestamp " + timestamp + " is more than "
                    + config.messageTimestampBeforeMaxMs() + " ms before the broker time " + nowMs);
        }
    }
}
