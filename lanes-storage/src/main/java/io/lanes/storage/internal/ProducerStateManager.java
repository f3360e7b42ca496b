package io.lanes.storage.internal;

import io.lanes.storage.AppendOrigin;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Idempotent-producer state of one partition: producer id to {@link ProducerStateEntry}.
 *
 * <p>Rules for client appends, as in Kafka 4.1: a producer unknown to this partition may start at any
 * sequence (KIP-360: its state may have expired or been deleted with its data); an epoch older than the known
 * one is rejected with {@link InvalidProducerEpochException}; a new epoch of a known producer must start at
 * sequence 0; otherwise the first sequence must follow the last one (wrapping from {@code Integer.MAX_VALUE}
 * to 0), else {@link OutOfOrderSequenceException}. A batch equal
 * (same epoch, first and last sequence) to one of the last 5 of its producer is a duplicate.
 *
 * <p>Appends are staged in an {@link Append} (so a request with several batches of one producer is checked
 * in order, and a rejected request changes nothing) and committed after the bytes are written.
 * Rebuilding after a crash replays batch headers without checks ({@link #replay}).
 *
 * <p>Transactions: a producer's first transactional batch after a marker starts its ongoing transaction here;
 * the next commit or abort marker completes it ({@link CompletedTxn}). The smallest first offset of the ongoing
 * transactions bounds the partition's last stable offset.
 *
 * <p>Thread-safety: none; the owning log calls it under its append lock.
 */
public final class ProducerStateManager {

    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    /** First offset of each ongoing transaction to its producer id. */
    private final TreeMap<Long, Long> ongoingTxns = new TreeMap<>();

    public Map<Long, ProducerStateEntry> producers() {
        return Collections.unmodifiableMap(producers);
    }

    public Optional<ProducerStateEntry> entry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    /** The first offset of the oldest ongoing transaction, or -1 if none is open. */
    public long firstUnstableOffset() {
        return ongoingTxns.isEmpty() ? -1L : ongoingTxns.firstKey();
    }

    public void clear() {
        producers.clear();
        ongoingTxns.clear();
    }

    public void load(Map<Long, ProducerStateEntry> entries) {
        clear();
        producers.putAll(entries);
        entries.values().forEach(e -> trackTxn(e.producerId(), ProducerStateEntry.NO_TXN, e.currentTxnFirstOffset()));
    }

    public Append begin() {
        return new Append();
    }

    /**
     * Applies a batch found in the log, without validation (recovery and snapshot catch-up).
     *
     * @return the transaction a marker completed, or null
     */
    public CompletedTxn replay(ProducerBatch batch) {
        if (batch.producerId() == RecordBatch.NO_PRODUCER_ID) {
            return null;
        }
        ProducerStateEntry entry = producers.computeIfAbsent(batch.producerId(),
                id -> new ProducerStateEntry(id, batch.epoch(), batch.maxTimestamp()));
        long txnBefore = entry.currentTxnFirstOffset();
        CompletedTxn completed = apply(entry, batch);
        trackTxn(entry.producerId(), txnBefore, entry.currentTxnFirstOffset());
        return completed;
    }

    private static CompletedTxn apply(ProducerStateEntry entry, ProducerBatch batch) {
        entry.updateEpoch(batch.epoch());
        if (batch.isMarker()) {
            long first = entry.currentTxnFirstOffset();
            entry.setCurrentTxnFirstOffset(ProducerStateEntry.NO_TXN);
            entry.setCoordinatorEpoch(batch.marker().coordinatorEpoch());
            entry.touch(batch.maxTimestamp());
            return new CompletedTxn(entry.producerId(), first == ProducerStateEntry.NO_TXN ? batch.firstOffset() : first,
                    batch.firstOffset(), batch.marker().controlType() == ControlRecordType.ABORT);
        }
        if (batch.transactional() && entry.currentTxnFirstOffset() == ProducerStateEntry.NO_TXN) {
            entry.setCurrentTxnFirstOffset(batch.firstOffset());
        }
        if (batch.firstSeq() != RecordBatch.NO_SEQUENCE) {
            entry.addBatch(new BatchMetadata(batch.firstSeq(), batch.lastSeq(), batch.firstOffset(), batch.lastOffset(),
                    batch.maxTimestamp()));
        } else {
            entry.touch(batch.maxTimestamp());
        }
        return null;
    }

    private void trackTxn(long producerId, long firstBefore, long firstAfter) {
        if (firstBefore == firstAfter) {
            return;
        }
        if (firstBefore != ProducerStateEntry.NO_TXN) {
            ongoingTxns.remove(firstBefore);
        }
        if (firstAfter != ProducerStateEntry.NO_TXN) {
            ongoingTxns.put(firstAfter, producerId);
        }
    }

    /** Removes producers idle for longer than {@code expirationMs} with no ongoing transaction. */
    public int expire(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> e.currentTxnFirstOffset() == ProducerStateEntry.NO_TXN
                && nowMs - e.lastTimestamp() > expirationMs);
        return before - producers.size();
    }

    /** Staged producer updates of one append request. */
    public final class Append {
        private final Map<Long, ProducerStateEntry> staged = new HashMap<>(4);
        private final List<CompletedTxn> completed = new ArrayList<>(1);

        private ProducerStateEntry current(long producerId) {
            ProducerStateEntry s = staged.get(producerId);
            return s != null ? s : producers.get(producerId);
        }

        /** The original batch if this one is a retry of one of the last five of its producer. */
        public Optional<BatchMetadata> findDuplicate(long producerId, short epoch, int firstSeq, int lastSeq) {
            ProducerStateEntry e = current(producerId);
            return e == null ? Optional.empty() : e.findDuplicate(epoch, firstSeq, lastSeq);
        }

        /** Checks epoch and sequence (client appends) and stages the update. */
        public void stage(ProducerBatch batch, AppendOrigin origin) {
            long producerId = batch.producerId();
            ProducerStateEntry existing = current(producerId);
            if (batch.isMarker()) {
                checkMarker(producerId, existing, batch);
            } else if (origin == AppendOrigin.CLIENT) {
                checkSequence(producerId, existing, batch.epoch(), batch.firstSeq());
            }
            ProducerStateEntry updated = existing == null
                    ? new ProducerStateEntry(producerId, batch.epoch(), batch.maxTimestamp())
                    : (staged.containsKey(producerId) ? existing : existing.copy());
            CompletedTxn txn = apply(updated, batch);
            if (txn != null) {
                completed.add(txn);
            }
            staged.put(producerId, updated);
        }

        /** A marker may not come from an older producer epoch or an older coordinator (Kafka's rules). */
        private void checkMarker(long producerId, ProducerStateEntry e, ProducerBatch marker) {
            if (e == null) {
                return;
            }
            if (marker.epoch() < e.epoch()) {
                throw new InvalidProducerEpochException("Marker epoch " + marker.epoch() + " of producer " + producerId
                        + " is older than the current epoch " + e.epoch());
            }
            if (marker.marker().coordinatorEpoch() < e.coordinatorEpoch()) {
                throw new TransactionCoordinatorFencedException("Marker of producer " + producerId
                        + " from coordinator epoch " + marker.marker().coordinatorEpoch() + ", older than "
                        + e.coordinatorEpoch());
            }
        }

        private void checkSequence(long producerId, ProducerStateEntry e, short epoch, int firstSeq) {
            if (e != null && epoch < e.epoch()) {
                throw new InvalidProducerEpochException("Epoch " + epoch + " of producer " + producerId
                        + " is older than the current epoch " + e.epoch());
            }
            if (e == null) {
                // Like Kafka since KIP-360: a producer unknown here (new, or its state expired or was deleted
                // with the data) may start at any sequence.
                return;
            }
            boolean newEpoch = epoch != e.epoch() || e.lastSeq() == -1;
            if (newEpoch) {
                if (firstSeq != 0) {
                    throw new OutOfOrderSequenceException("Producer " + producerId + " epoch " + epoch
                            + " must start at sequence 0, got " + firstSeq);
                }
            } else if (!inSequence(e.lastSeq(), firstSeq)) {
                throw new OutOfOrderSequenceException("Out of order sequence for producer " + producerId
                        + " epoch " + epoch + ": expected " + BatchHeader.incrementSequence(e.lastSeq(), 1) + ", got " + firstSeq);
            }
        }

        /** Makes the staged state current; returns the transactions that markers of this append completed. */
        public List<CompletedTxn> commit() {
            for (ProducerStateEntry e : staged.values()) {
                ProducerStateEntry before = producers.put(e.producerId(), e);
                trackTxn(e.producerId(), before == null ? ProducerStateEntry.NO_TXN : before.currentTxnFirstOffset(),
                        e.currentTxnFirstOffset());
            }
            return completed;
        }
    }

    static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
    }
}
