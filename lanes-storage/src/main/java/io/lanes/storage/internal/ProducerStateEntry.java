package io.lanes.storage.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * State of one producer id in one partition: its epoch, its last {@value #NUM_BATCHES_TO_RETAIN} batches
 * (Kafka retains 5, the maximum number of in-flight requests an idempotent producer may have) and, for
 * transactions, the coordinator epoch and the first offset of the ongoing transaction.
 * Not thread-safe: owned by {@link ProducerStateManager}.
 */
public final class ProducerStateEntry {

    public static final int NUM_BATCHES_TO_RETAIN = 5;
    public static final long NO_TXN = -1L;

    private final long producerId;
    private short epoch;
    private final Deque<BatchMetadata> batches = new ArrayDeque<>(NUM_BATCHES_TO_RETAIN);
    private long lastTimestamp;
    private int coordinatorEpoch = -1;
    private long currentTxnFirstOffset = NO_TXN;

    public ProducerStateEntry(long producerId, short epoch, long lastTimestamp) {
        this.producerId = producerId;
        this.epoch = epoch;
        this.lastTimestamp = lastTimestamp;
    }

    public ProducerStateEntry copy() {
        ProducerStateEntry c = new ProducerStateEntry(producerId, epoch, lastTimestamp);
        c.batches.addAll(batches);
        c.coordinatorEpoch = coordinatorEpoch;
        c.currentTxnFirstOffset = currentTxnFirstOffset;
        return c;
    }

    public long producerId() { return producerId; }
    public short epoch() { return epoch; }
    public long lastTimestamp() { return lastTimestamp; }
    public int coordinatorEpoch() { return coordinatorEpoch; }
    public long currentTxnFirstOffset() { return currentTxnFirstOffset; }
    public Deque<BatchMetadata> batches() { return batches; }

    /** Last sequence appended in the current epoch, or -1 if none. */
    public int lastSeq() {
        BatchMetadata last = batches.peekLast();
        return last == null ? -1 : last.lastSeq();
    }

    public long lastDataOffset() {
        BatchMetadata last = batches.peekLast();
        return last == null ? -1 : last.lastOffset();
    }

    public Optional<BatchMetadata> findDuplicate(short batchEpoch, int firstSeq, int lastSeq) {
        if (batchEpoch != epoch) {
            return Optional.empty();
        }
        for (BatchMetadata b : batches) {
            if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** A new epoch forgets the batches of the old one, as in Kafka. */
    void updateEpoch(short newEpoch) {
        if (newEpoch != epoch) {
            epoch = newEpoch;
            batches.clear();
        }
    }

    void addBatch(BatchMetadata batch) {
        if (batches.size() == NUM_BATCHES_TO_RETAIN) {
            batches.removeFirst();
        }
        batches.addLast(batch);
        lastTimestamp = Math.max(lastTimestamp, batch.timestamp());
    }

    void touch(long timestamp) {
        lastTimestamp = Math.max(lastTimestamp, timestamp);
    }

    void setCoordinatorEpoch(int coordinatorEpoch) { this.coordinatorEpoch = coordinatorEpoch; }
    void setCurrentTxnFirstOffset(long offset) { this.currentTxnFirstOffset = offset; }
    void setLastTimestamp(long ts) { this.lastTimestamp = ts; }
}
