package io.lanes.storage;

/**
 * What a partition knows about one producer: for DescribeProducers and for transactions (the open one and the
 * coordinator epoch of the last marker).
 *
 * @param lastSequence          last sequence appended in the current epoch, or -1
 * @param lastTimestamp         largest batch timestamp seen from this producer
 * @param coordinatorEpoch      epoch of the transaction coordinator that last wrote a marker, or -1
 * @param currentTxnStartOffset first offset of the ongoing transaction, or -1
 */
public record ProducerInfo(long producerId, short producerEpoch, int lastSequence, long lastTimestamp,
                           int coordinatorEpoch, long currentTxnStartOffset) {
}
