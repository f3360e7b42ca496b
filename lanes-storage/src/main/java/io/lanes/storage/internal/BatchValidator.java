package io.lanes.storage.internal;

import io.lanes.storage.AppendOrigin;
import io.lanes.storage.InvalidRecordsException;
import io.lanes.storage.LogConfig;
import io.lanes.storage.RecordTimestampException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Validates a produce request's batches, from their headers where it can: magic v2 only, CRC32C, size limit, record
 * count consistent with the offset delta, sequence present for idempotent batches, no control batches from clients,
 * and the CreateTime bounds {@code message.timestamp.before.max.ms} / {@code message.timestamp.after.max.ms}. The
 * upper bound is checked on the batch's max timestamp. Records are read (and compressed ones decompressed) only when
 * that check fails (to name each offending record, as Kafka does), when a lower bound is configured (the header
 * holds no minimum timestamp), when a compacted topic needs keys, and when the topic lowered
 * {@code max.decompressed.message.bytes} (each record's decompressed size is checked). Stateless.
 */
public final class BatchValidator {

    /** Header-derived facts about a valid request. */
    public record Summary(int batchCount, int recordCount, long maxTimestamp, boolean hasProducerIds) {
    }

    private BatchValidator() {
    }

    public static Summary validate(MemoryRecords records, LogConfig config, long nowMs, AppendOrigin origin) {
        return validate(records, config, nowMs, origin, null);
    }

    /**
     * @param partition named in the error of a record without a key on a compacted topic; records are read for
     *                  that check only when the topic is compacted and the records come from a client
     * @throws InvalidRecordsException records without a key on a compacted topic (Kafka's INVALID_RECORD)
     */
    public static Summary validate(MemoryRecords records, LogConfig config, long nowMs, AppendOrigin origin,
                                   org.apache.kafka.common.TopicPartition partition) {
        int batches = 0;
        long records_ = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        boolean producerIds = false;
        int validBytes = 0;
        List<RecordTimestampException.RecordError> timestampErrors = new ArrayList<>();
        List<RecordTimestampException.RecordError> keyErrors = new ArrayList<>();
        boolean checkKeys = config.compactEnabled() && origin == AppendOrigin.CLIENT;
        Iterator<MutableRecordBatch> it = records.batches().iterator();
        while (it.hasNext()) {
            MutableRecordBatch batch = it.next();
            validateBatch(batch, config, origin);
            if (config.messageTimestampType() == TimestampType.CREATE_TIME) {
                checkTimestamps(batch, (int) records_, config, nowMs, timestampErrors);
            }
            if (checkKeys) {
                checkKeys(batch, partition, keyErrors);
            }
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
        if (!timestampErrors.isEmpty()) {
            throw new RecordTimestampException(timestampErrors);
        }
        if (!keyErrors.isEmpty()) {
            throw new InvalidRecordsException(keyErrors);
        }
        if (records_ > Integer.MAX_VALUE) {
            throw new CorruptRecordException("Too many records in one request: " + records_);
        }
        return new Summary(batches, (int) records_, maxTimestamp, producerIds);
    }

    private static void validateBatch(MutableRecordBatch batch, LogConfig config, AppendOrigin origin) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new CorruptRecordException("Only magic v2 record batches are supported, got magic " + batch.magic());
        }
        if (batch.sizeInBytes() > config.maxMessageBytes()) {
            throw new RecordTooLargeException("Batch of " + batch.sizeInBytes() + " bytes exceeds max.message.bytes "
                    + config.maxMessageBytes());
        }
        batch.ensureValid();
        if (batch.isCompressed() && config.maxDecompressedMessageBytes() < Records.SOFT_MAX_ARRAY_LENGTH) {
            checkDecompressedSizes(batch, config.maxDecompressedMessageBytes());
        }
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
    }

    /**
     * Reads the sizes of a compressed batch's records (skipping keys and values), which fails with Kafka's
     * InvalidRecordException on a record over {@code maxRecordBytes}. Only when the topic lowered the limit: at its
     * default no record can exceed it, and batches are otherwise stored without being decompressed.
     */
    private static void checkDecompressedSizes(MutableRecordBatch batch, int maxRecordBytes) {
        try (CloseableIterator<Record> records = batch.skipKeyValueIterator(BufferSupplier.NO_CACHING, maxRecordBytes)) {
            while (records.hasNext()) {
                records.next();
            }
        }
    }

    /** Kafka's rule for compacted topics: every record has a key; errors are numbered within the batch, as Kafka's. */
    private static void checkKeys(MutableRecordBatch batch, org.apache.kafka.common.TopicPartition partition,
                                  List<RecordTimestampException.RecordError> errors) {
        int index = 0;
        try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (records.hasNext()) {
                if (!records.next().hasKey()) {
                    errors.add(new RecordTimestampException.RecordError(index,
                            "Compacted topic cannot accept message without key in topic partition " + partition));
                }
                index++;
            }
        }
    }

    /** Adds an error for each record of the batch outside the CreateTime bounds; {@code firstIndex} numbers them. */
    private static void checkTimestamps(MutableRecordBatch batch, int firstIndex, LogConfig config, long nowMs,
                                        List<RecordTimestampException.RecordError> errors) {
        long earliest = config.messageTimestampBeforeMaxMs() == Long.MAX_VALUE ? Long.MIN_VALUE
                : nowMs - config.messageTimestampBeforeMaxMs();
        long latest = nowMs + config.messageTimestampAfterMaxMs();
        if (earliest == Long.MIN_VALUE && (batch.maxTimestamp() == RecordBatch.NO_TIMESTAMP || batch.maxTimestamp() <= latest)) {
            return;
        }
        int index = firstIndex;
        try (CloseableIterator<Record> records = batch.skipKeyValueIterator(BufferSupplier.NO_CACHING)) {
            while (records.hasNext()) {
                Record record = records.next();
                long timestamp = record.timestamp();
                if (timestamp != RecordBatch.NO_TIMESTAMP && (timestamp < earliest || timestamp > latest)) {
                    errors.add(new RecordTimestampException.RecordError(index, "Timestamp " + timestamp
                            + " of the record at offset delta " + (record.offset() - batch.baseOffset())
                            + " is out of range: it must be within [" + (earliest == Long.MIN_VALUE ? "-inf" : earliest)
                            + ", " + latest + "]"));
                }
                index++;
            }
        }
    }
}
