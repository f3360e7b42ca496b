package io.lanes.coordinator.group;

import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.CoordinatorRecord;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link MemoryLog} whose next append can be made to fail, as a full disk or a lost leadership does. */
final class FlakyLog implements CoordinatorLog {
    final MemoryLog log = new MemoryLog();
    private boolean failNext;
    int failures;

    /** The next append throws and appends nothing. */
    void failNextAppend() {
        failNext = true;
    }

    @Override
    public synchronized CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        if (failNext) {
            failNext = false;
            failures++;
            throw new IllegalStateException("injected append failure");
        }
        return log.append(partition, records);
    }

    @Override
    public CompletableFuture<Void> appendTransactional(int partition, long producerId, short producerEpoch,
                                                       List<CoordinatorRecord> records) {
        return log.appendTransactional(partition, producerId, producerEpoch, records);
    }
}
