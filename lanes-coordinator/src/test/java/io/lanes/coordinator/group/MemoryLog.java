package io.lanes.coordinator.group;

import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.CoordinatorRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A coordinator log in memory: keeps every record per partition; appends are durable at once. */
final class MemoryLog implements CoordinatorLog {
    final Map<Integer, List<CoordinatorRecord>> partitions = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        partitions.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(records);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> appendTransactional(int partition, long producerId, short producerEpoch,
                                                       List<CoordinatorRecord> records) {
        throw new UnsupportedOperationException("transactional offsets are tested through the broker");
    }

    /** Replays everything into a fresh coordinator, as a broker restart does. */
    void replayInto(GroupCoordinator coordinator) {
        partitions.forEach((p, records) -> records.forEach(r -> coordinator.replay(p, r.key(), r.value())));
        coordinator.finishLoading();
    }
}
