package io.lanes.storage.internal;

import io.lanes.storage.AbortedTxn;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the cleaner knows about transactions while it walks batches in offset order (Kafka's
 * {@code CleanedTransactionMetadata}): which producers are inside an aborted transaction (from the transaction
 * index) and which are inside a transaction that did not abort.
 *
 * <ul>
 *   <li>A transactional data batch of a producer inside an aborted transaction can be discarded.</li>
 *   <li>An ABORT marker can be discarded once no batch of its transaction is left (none seen in this pass);
 *   while batches remain, it is kept and its index entry is copied to the cleaned segment
 *   ({@link #retainedAborts()}).</li>
 *   <li>A COMMIT marker can be discarded once no batch of its transaction was seen in this pass.</li>
 * </ul>
 * "Can be discarded" is the first condition; the cleaner drops a marker only after its delete horizon too.
 * Not thread-safe.
 */
public final class TxnCleaningState {

    private static final class Aborted {
        final AbortedTxn txn;
        boolean batchSeen;

        Aborted(AbortedTxn txn) {
            this.txn = txn;
        }
    }

    private final ArrayDeque<AbortedTxn> pending;
    private final Map<Long, Aborted> ongoingAborted = new HashMap<>();
    private final Set<Long> ongoingCommitted = new HashSet<>();
    private final List<AbortedTxn> retainedAborts = new ArrayList<>();

    /** @param aborted the aborted transactions overlapping the offsets about to be walked */
    public TxnCleaningState(List<AbortedTxn> aborted) {
        List<AbortedTxn> sorted = new ArrayList<>(aborted);
        sorted.sort(Comparator.comparingLong(AbortedTxn::firstOffset));
        this.pending = new ArrayDeque<>(sorted);
    }

    /** @return whether the data batch belongs to an aborted transaction */
    public boolean onBatchRead(RecordBatch batch) {
        consumeAbortedUpTo(batch.lastOffset());
        if (!batch.isTransactional()) {
            return false;
        }
        Aborted aborted = ongoingAborted.get(batch.producerId());
        if (aborted != null) {
            aborted.batchSeen = true;
            return true;
        }
        ongoingCommitted.add(batch.producerId());
        return false;
    }

    /** @return whether the control batch may be discarded (its transaction has no batch left) */
    public boolean onControlBatchRead(RecordBatch batch) {
        consumeAbortedUpTo(batch.lastOffset());
        Iterator<Record> records = batch.iterator();
        if (!records.hasNext()) {
            return true; // an empty control batch was already cleaned
        }
        ControlRecordType type = ControlRecordType.parse(records.next().key());
        long producerId = batch.producerId();
        return switch (type) {
            case ABORT -> {
                Aborted aborted = ongoingAborted.remove(producerId);
                if (aborted != null && aborted.batchSeen) {
                    retainedAborts.add(aborted.txn);
                    yield false;
                }
                yield true;
            }
            case COMMIT -> !ongoingCommitted.remove(producerId);
            default -> false;
        };
    }

    /** Aborted transactions whose markers were kept because their batches were still present. */
    public List<AbortedTxn> retainedAborts() {
        return retainedAborts;
    }

    private void consumeAbortedUpTo(long offset) {
        while (!pending.isEmpty() && pending.peekFirst().firstOffset() <= offset) {
            AbortedTxn txn = pending.pollFirst();
            ongoingAborted.putIfAbsent(txn.producerId(), new Aborted(txn));
        }
    }
}
