package io.lanes.coordinator.txn;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the coordinator knows of one transactional id: its producer id and epoch (and the previous epoch, so a
 * retried InitProducerId is recognised), the transaction timeout, the state and the partitions of the open
 * transaction. Each change is written to {@code __transaction_state} as a whole snapshot of this object.
 *
 * <p>Thread-safety: the coordinator decides a change on a fresh {@link #copy()}, which it only encodes as a record;
 * the state it serves is what replaying that record decodes, and a published instance is never changed again and
 * may be read from any thread.
 */
public final class TransactionMetadata {
    private final String transactionalId;
    private long producerId;
    private short producerEpoch;
    private short lastProducerEpoch;
    private int timeoutMs;
    private TransactionState state;
    private final Set<TopicPartition> partitions = new LinkedHashSet<>();
    private long startTimestampMs;
    private long lastUpdateTimestampMs;

    public TransactionMetadata(String transactionalId, long producerId, short producerEpoch, short lastProducerEpoch,
                               int timeoutMs, TransactionState state, Set<TopicPartition> partitions,
                               long startTimestampMs, long lastUpdateTimestampMs) {
        this.transactionalId = transactionalId;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.lastProducerEpoch = lastProducerEpoch;
        this.timeoutMs = timeoutMs;
        this.state = state;
        this.partitions.addAll(partitions);
        this.startTimestampMs = startTimestampMs;
        this.lastUpdateTimestampMs = lastUpdateTimestampMs;
    }

    /** A new transactional id: no epoch yet, Empty. */
    static TransactionMetadata create(String transactionalId, long producerId, int timeoutMs, long nowMs) {
        return new TransactionMetadata(transactionalId, producerId, RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_PRODUCER_EPOCH, timeoutMs, TransactionState.EMPTY, Set.of(), -1L, nowMs);
    }

    public String transactionalId() { return transactionalId; }
    public long producerId() { return producerId; }
    public short producerEpoch() { return producerEpoch; }
    public short lastProducerEpoch() { return lastProducerEpoch; }
    public int timeoutMs() { return timeoutMs; }
    public TransactionState state() { return state; }
    public Set<TopicPartition> partitions() { return Collections.unmodifiableSet(partitions); }
    public long startTimestampMs() { return startTimestampMs; }
    public long lastUpdateTimestampMs() { return lastUpdateTimestampMs; }

    /** Epochs run up to Short.MAX_VALUE - 1; then the transactional id gets a new producer id. */
    boolean isEpochExhausted() {
        return producerEpoch >= Short.MAX_VALUE - 1;
    }

    /** InitProducerId: a new epoch (or producer id), nothing open. */
    void initProducer(long producerId, short epoch, short lastEpoch, int timeoutMs, long nowMs) {
        this.producerId = producerId;
        this.producerEpoch = epoch;
        this.lastProducerEpoch = lastEpoch;
        this.timeoutMs = timeoutMs;
        this.state = TransactionState.EMPTY;
        this.partitions.clear();
        this.startTimestampMs = -1L;
        this.lastUpdateTimestampMs = nowMs;
    }

    /** AddPartitionsToTxn / AddOffsetsToTxn: the transaction is (or becomes) Ongoing. */
    void addPartitions(Set<TopicPartition> added, long nowMs) {
        if (state != TransactionState.ONGOING) {
            partitions.clear();
            startTimestampMs = nowMs;
        }
        state = TransactionState.ONGOING;
        partitions.addAll(added);
        lastUpdateTimestampMs = nowMs;
    }

    /** EndTxn or a timeout: the outcome is decided; markers follow. */
    void prepare(boolean commit, long nowMs) {
        state = commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT;
        lastUpdateTimestampMs = nowMs;
    }

    /** Fencing an open transaction (a new instance, or its timeout): a new epoch that aborts it. */
    void fenceEpoch() {
        if (!isEpochExhausted()) {
            producerEpoch++;
        }
        lastProducerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    }

    /** Every marker is written. */
    void complete(long nowMs) {
        state = state == TransactionState.PREPARE_COMMIT ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        partitions.clear();
        lastUpdateTimestampMs = nowMs;
    }

    TransactionMetadata copy() {
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs, state,
                partitions, startTimestampMs, lastUpdateTimestampMs);
    }
}
