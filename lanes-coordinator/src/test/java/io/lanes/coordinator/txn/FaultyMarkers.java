package io.lanes.coordinator.txn;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Transaction markers that fail now and then, as {@link TxnFaults} decides; remembers the markers written. Every
 * write reports to {@link TxnFaults#io}, as writing markers is I/O on the partition logs. Thread-safe.
 */
final class FaultyMarkers implements TxnMarkerWriter {
    /** One successful marker write. */
    record Written(long producerId, short producerEpoch, boolean commit, Set<TopicPartition> partitions) {
    }

    private final TxnFaults faults;
    private final List<Written> written = new CopyOnWriteArrayList<>();

    FaultyMarkers(TxnFaults faults) {
        this.faults = faults;
    }

    @Override
    public CompletableFuture<Void> writeMarkers(long producerId, short producerEpoch, boolean commit,
                                                Set<TopicPartition> partitions) {
        faults.io("write " + (commit ? "commit" : "abort") + " markers");
        boolean success = !faults.fail("markers");
        if (success) {
            written.add(new Written(producerId, producerEpoch, commit, Set.copyOf(partitions)));
        }
        return faults.complete(success, "injected: markers of producer " + producerId + " failed");
    }

    List<Written> written() {
        return List.copyOf(written);
    }
}
