package io.lanes.storage;

/**
 * Outcome of {@link PartitionLog#append}.
 *
 * @param baseOffset     offset assigned to the first record of the request
 * @param lastOffset     offset assigned to the last record of the request
 * @param logAppendTime  broker time stamped into the batches, or -1 unless the topic uses LogAppendTime
 * @param logStartOffset log start offset after the append
 * @param recordCount    number of records (sum over batches), taken from the batch headers
 * @param duplicate      true when the request was a retry of an already appended idempotent batch;
 *                       then nothing was appended and the offsets are the original ones
 */
public record AppendResult(long baseOffset, long lastOffset, long logAppendTime, long logStartOffset,
                           int recordCount, boolean duplicate) {
}
