package io.lanes.storage;

import org.apache.kafka.common.record.internal.Records;

/**
 * Outcome of {@link PartitionLog#read}.
 *
 * @param records        whole batches: a {@code FileRecords} slice (zero-copy capable) or empty records
 * @param highWatermark  high watermark when the read started
 * @param logStartOffset log start offset when the read started
 * @param logEndOffset   log end offset when the read started
 */
public record ReadResult(Records records, long highWatermark, long logStartOffset, long logEndOffset) {
}
