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
 * <p>Transaction version 2 (KIP-890 part 2) is tracked per transaction, as Kafka does: {@code
 * clientTransactionVersion} is the version the client used for the last change (0 for version-1 clients, 2 for
 * clients that let the broker add partitions and bump the epoch at every EndTxn). {@code prevProducerId} is the
 * producer id before the last change (so an EndTxn retried after a producer id rollover is recognised) and
 * {@code nextProducerId} the id a decided transaction moves to once complete when its epochs are exhausted.
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
    private long prevProducerId;
    private long nextProducerId;
    private short clientTransactionVersion;

    /** A state of a version-1 transaction (no previous or next producer id). */
    public TransactionMetadata(String transactionalId, long producerId, short producerEpoch, short lastProducerEpoch,
                               int timeoutMs, TransactionState state, Set<TopicPartition> partitions,
                               long startTimestampMs, long lastUpdateTimestampMs) {
        this(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs, state, partitions,
                startTimestampMs, lastUpdateTimestampMs, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_ID,
                (short) 0);
    }

    public TransactionMetadata(String transactionalId, long producerId, short producerEpoch, short lastProducerEpoch,
                               int timeoutMs, TransactionState state, Set<TopicPartition> partitions,
                               long startTimestampMs, long lastUpdateTimestampMs, long prevProducerId,
                               long nextProducerId, short clientTransactionVersion) {
        this.prevProducerId = prevProducerId;
        this.nextProducerId = nextProducerId;
        this.clientTransactionVersion = clientTransactionVersion;
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
    public long prevProducerId() { return prevProducerId; }
    public long nextProducerId() { return nextProducerId; }
    public short clientTransactionVersion() { return clientTransactionVersion; }

    /** The transaction bumps the epoch at its end (transaction version 2). */
    public boolean bumpsEpochPerTransaction() {
        return clientTransactionVersion >= 2;
    }

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
        this.nextProducerId = RecordBatch.NO_PRODUCER_ID;
        this.clientTransactionVersion = 0;
        this.partitions.clear();
        this.startTimestampMs = -1L;
        this.lastUpdateTimestampMs = nowMs;
    }

    /**
     * AddPartitionsToTxn / AddOffsetsToTxn, or a verified Produce / TxnOffsetCommit of a version-2 client: the
     * transaction is (or becomes) Ongoing.
     */
    void addPartitions(Set<TopicPartition> added, long nowMs, short clientVersion) {
        clientTransactionVersion = clientVersion;
        if (state != TransactionState.ONGOING) {
            partitions.clear();
            startTimestampMs = nowMs;
        }
        state = TransactionState.ONGOING;
        partitions.addAll(added);
        lastUpdateTimestampMs = nowMs;
    }

    /**
     * EndTxn or a timeout: the outcome is decided; markers follow. Under transaction version 2 the markers carry
     * the next epoch, which fences every write of the finished transaction; an idle id may then also be aborted,
     * with no partition, to bump its epoch.
     *
     * @param next the producer id to move to once complete (epochs exhausted), or -1
     */
    void prepare(boolean commit, long nowMs, short clientVersion, long next) {
        if (state != TransactionState.ONGOING) {
            // an empty transaction aborted to bump the epoch (transaction version 2) starts and ends now
            partitions.clear();
            startTimestampMs = nowMs;
        }
        clientTransactionVersion = clientVersion;
        if (clientVersion >= 2) {
            lastProducerEpoch = producerEpoch;
            producerEpoch++;
            nextProducerId = next;
        }
        state = commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT;
        lastUpdateTimestampMs = nowMs;
    }

    /**
     * Fencing an open transaction (a new instance, or its timeout): the PrepareAbort under a new epoch. As in
     * Kafka, the abort is recorded under the broker's transaction version, and the epoch is bumped once either way.
     */
    void fenceAndAbort(long nowMs, short serverVersion) {
        short before = producerEpoch;
        if (!isEpochExhausted()) {
            producerEpoch++;
        }
        lastProducerEpoch = serverVersion >= 2 ? before : RecordBatch.NO_PRODUCER_EPOCH;
        clientTransactionVersion = serverVersion;
        state = TransactionState.PREPARE_ABORT;
        lastUpdateTimestampMs = nowMs;
    }

    /** Every marker is written. A version-2 transaction whose epochs ran out moves to its next producer id. */
    void complete(long nowMs) {
        state = state == TransactionState.PREPARE_COMMIT ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        if (bumpsEpochPerTransaction() && nextProducerId != RecordBatch.NO_PRODUCER_ID) {
            lastProducerEpoch = producerEpoch;
            producerId = nextProducerId;
            producerEpoch = 0;
        }
        nextProducerId = RecordBatch.NO_PRODUCER_ID;
        partitions.clear();
        lastUpdateTimestampMs = nowMs;
    }

    /** The state to change into the next one: its previous producer id is this one's producer id (Kafka's rule). */
    TransactionMetadata copy() {
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs, state,
                partitions, startTimestampMs, lastUpdateTimestampMs, producerId, nextProducerId,
                clientTransactionVersion);
    }
}
