package io.lanes.coordinator.group;

import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.CoordinatorRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A coordinator log in memory: keeps every entry per partition in append order (plain records, records of
 * transactional batches, transaction markers). Appends are durable at once unless a test injects faults: an
 * append that throws (nothing appended) or one whose durability fails (appended, the future fails).
 *
 * <p>Thread-safe: appends to a partition are serialized, as a partition log serializes them.
 */
final class MemoryLog implements CoordinatorLog {
    /** One entry: a record (producerId -1 for a plain batch) or a marker (record null). */
    record Entry(long producerId, CoordinatorRecord record, boolean commit) {
        boolean isMarker() {
            return record == null;
        }
    }

    final Map<Integer, List<Entry>> partitions = new ConcurrentHashMap<>();
    private volatile BooleanSupplier failAppend = () -> false;
    private volatile BooleanSupplier failDurability = () -> false;

    /** From now on, an append throws when {@code failAppend} says so, and appended entries fail to become durable when {@code failDurability} does. */
    void injectFaults(BooleanSupplier failAppend, BooleanSupplier failDurability) {
        this.failAppend = failAppend;
        this.failDurability = failDurability;
    }

    void stopFaults() {
        injectFaults(() -> false, () -> false);
    }

    @Override
    public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        return add(partition, records.stream().map(r -> new Entry(-1, r, false)).toList());
    }

    @Override
    public CompletableFuture<Void> appendTransactional(int partition, long producerId, short producerEpoch,
                                                       List<CoordinatorRecord> records) {
        return add(partition, records.stream().map(r -> new Entry(producerId, r, false)).toList());
    }

    @Override
    public CompletableFuture<Void> appendMarker(int partition, long producerId, short producerEpoch, boolean commit,
                                                int coordinatorEpoch) {
        return add(partition, List.of(new Entry(producerId, null, commit)));
    }

    private CompletableFuture<Void> add(int partition, List<Entry> entries) {
        if (failAppend.getAsBoolean()) {
            throw new IllegalStateException("injected append failure");
        }
        List<Entry> log = partitions.computeIfAbsent(partition, p -> new ArrayList<>());
        synchronized (log) {
            log.addAll(entries);
        }
        return failDurability.getAsBoolean()
                ? CompletableFuture.failedFuture(new IllegalStateException("injected durability failure"))
                : CompletableFuture.completedFuture(null);
    }

    /** The entries of a partition so far (a copy). */
    List<Entry> entries(int partition) {
        List<Entry> log = partitions.getOrDefault(partition, List.of());
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    /** Replays everything into a fresh coordinator, as a broker restart does. */
    void replayInto(GroupCoordinator coordinator) {
        partitions.keySet().forEach(p -> entries(p).forEach(e -> {
            if (e.isMarker()) {
                coordinator.replayMarker(p, e.producerId(), e.commit());
            } else if (e.producerId() >= 0) {
                coordinator.replayTransactional(p, e.producerId(), e.record().key(), e.record().value());
            } else {
                coordinator.replay(p, e.record().key(), e.record().value());
            }
        }));
        coordinator.finishLoading();
    }
}
