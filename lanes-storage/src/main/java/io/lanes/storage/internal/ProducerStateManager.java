package io.lanes.storage.internal;

import io.lanes.storage.AppendOrigin;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.RecordBatch;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
 * <p>Thread-safety: none; the owning log calls it under its append lock.
 */
public final class ProducerStateManager {

    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();

    public Map<Long, ProducerStateEntry> producers() {
        return Collections.unmodifiableMap(producers);
    }

    public Optional<ProducerStateEntry> entry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    public void clear() {
        producers.clear();
    }

    public void load(Map<Long, ProducerStateEntry> entries) {
        producers.clear();
        producers.putAll(entries);
    }

    public Append begin() {
        return new Append();
    }

    /** Applies a batch found in the log, without validation (recovery and snapshot catch-up). */
    public void replay(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
                       long maxTimestamp, boolean transactional, boolean control) {
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return;
        }
        ProducerStateEntry entry = producers.computeIfAbsent(producerId, id -> new ProducerStateEntry(id, epoch, maxTimestamp));
        apply(entry, epoch, firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp, transactional, control);
    }

    private static void apply(ProducerStateEntry entry, short epoch, int firstSeq, int lastSeq, long firstOffset,
                              long lastOffset, long maxTimestamp, boolean transactional, boolean control) {
        entry.updateEpoch(epoch);
        if (control) {
            // A transaction marker ends the ongoing transaction (markers are written by the coordinator later).
            entry.setCurrentTxnFirstOffset(ProducerStateEntry.NO_TXN);
            entry.touch(maxTimestamp);
            return;
        }
        if (transactional && entry.currentTxnFirstOffset() == ProducerStateEntry.NO_TXN) {
            entry.setCurrentTxnFirstOffset(firstOffset);
        }
        if (firstSeq != RecordBatch.NO_SEQUENCE) {
            entry.addBatch(new BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp));
        } else {
            entry.touch(maxTimestamp);
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
        public void stage(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
                          long maxTimestamp, boolean transactional, boolean control, AppendOrigin origin) {
            ProducerStateEntry existing = current(producerId);
            if (origin == AppendOrigin.CLIENT && !control) {
                checkSequence(producerId, existing, epoch, firstSeq);
            }
            ProducerStateEntry updated = existing == null
                    ? new ProducerStateEntry(producerId, epoch, maxTimestamp)
                    : (staged.containsKey(producerId) ? existing : existing.copy());
            apply(updated, epoch, firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp, transactional, control);
            staged.put(producerId, updated);
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

        public void commit() {
            producers.putAll(staged);
        }
    }

    static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
    }
}
