package io.lanes.coordinator.txn;

import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.errors.KafkaStorageException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code __transaction_state} in memory that fails now and then, as {@link TxnFaults} decides: an append may
 * throw (nothing is appended), or be appended and then fail to become durable; durability is acknowledged at once
 * (page-cache mode) or later from another thread (fsync mode). Every append reports to {@link TxnFaults#io} so the
 * test can check that no coordinator lock is held across it.
 *
 * <p>Thread-safe: appends to one partition are serialized, as a partition log serializes them.
 */
final class FaultyTxnLog implements CoordinatorLog {
    private final Map<Integer, List<CoordinatorRecord>> partitions = new TreeMap<>();
    private final TxnFaults faults;

    FaultyTxnLog(TxnFaults faults) {
        this.faults = faults;
    }

    @Override
    public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        faults.io("append to __transaction_state");
        if (faults.fail("append")) {
            throw new KafkaStorageException("injected: append to partition " + partition + " failed");
        }
        synchronized (this) {
            partitions.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(records);
        }
        boolean durable = !faults.fail("durable");
        return faults.complete(durable, "injected: partition " + partition + " could not be made durable");
    }

    @Override
    public CompletableFuture<Void> appendTransactional(int partition, long producerId, short producerEpoch,
                                                       List<CoordinatorRecord> records) {
        throw new UnsupportedOperationException("the transaction coordinator never writes transactional batches");
    }

    @Override
    public CompletableFuture<Void> appendMarker(int partition, long producerId, short producerEpoch, boolean commit,
                                                int coordinatorEpoch) {
        throw new UnsupportedOperationException("markers go through the TxnMarkerWriter, not __transaction_state");
    }

    /** Replays every record written, partition by partition in log order, into a coordinator (a restart). */
    synchronized void replayInto(TransactionCoordinator coordinator) {
        partitions.values().forEach(records -> records.forEach(r -> coordinator.replay(r.key(), r.value())));
    }

    synchronized int size() {
        return partitions.values().stream().mapToInt(List::size).sum();
    }
}
