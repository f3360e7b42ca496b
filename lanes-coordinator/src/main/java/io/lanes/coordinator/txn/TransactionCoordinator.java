package io.lanes.coordinator.txn;

import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.Scheduler;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The transaction coordinator (Kafka's transaction protocol, version 1: the client adds partitions with
 * AddPartitionsToTxn and the epoch stays the same from one transaction to the next).
 *
 * <p>Every change of a transactional id is a record in its partition of {@code __transaction_state}
 * ({@code abs(hash) % partitions}); loading at start-up replays them. Ending a transaction is a two-phase
 * write: PrepareCommit/PrepareAbort is made durable first, then the markers go to every partition of the
 * transaction, then CompleteCommit/CompleteAbort is written. A restart that finds a Prepare state writes the
 * markers again, so a decided transaction is always completed and an undecided one is aborted when its timeout
 * expires. An open transaction is fenced (epoch bumped, aborted) when another instance calls InitProducerId with
 * the same transactional id, or when {@code transaction.timeout.ms} passes.
 *
 * <p>Thread-safety: one lock serializes state changes; reads (Produce verification, List/DescribeTransactions)
 * see immutable snapshots without it. Durable-write and marker futures complete outside the lock.
 */
public final class TransactionCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);
    private static final long MARKER_RETRY_MS = 1_000L;

    /** The answer to InitProducerId. */
    public record InitResult(Errors error, long producerId, short producerEpoch) {
        static InitResult error(Errors error) {
            return new InitResult(error, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
        }
    }

    private final TransactionConfig config;
    private final CoordinatorLog coordinatorLog;
    private final Scheduler scheduler;
    private final LongSupplier producerIds;
    private final TxnMarkerWriter markers;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Transactional id to its current state. Values are never changed once in the map (a change puts a changed
     * copy), so reads need no lock; the lock serializes the writers.
     */
    private final Map<String, TransactionMetadata> txns = new ConcurrentHashMap<>();
    private final List<Scheduler.Task> timers = new ArrayList<>();
    private volatile boolean closed;
    /** Transactions completed since start-up, for metrics (a timed-out transaction counts as aborted). */
    private final LongAdder committed = new LongAdder();
    private final LongAdder aborted = new LongAdder();

    public TransactionCoordinator(TransactionConfig config, CoordinatorLog coordinatorLog, Scheduler scheduler,
                                  LongSupplier producerIds, TxnMarkerWriter markers) {
        this.config = config;
        this.coordinatorLog = coordinatorLog;
        this.scheduler = scheduler;
        this.producerIds = producerIds;
        this.markers = markers;
    }

    public static int partitionFor(String transactionalId, int partitions) {
        return Utils.abs(transactionalId.hashCode()) % partitions;
    }

    public TransactionConfig config() {
        return config;
    }

    // ---- loading ----

    /** Applies one record of {@code __transaction_state} read at start-up. */
    public void replay(ByteBuffer key, ByteBuffer value) {
        String id = TransactionRecords.decodeKey(key);
        if (id == null) {
            return;
        }
        locked(() -> {
            if (value == null) {
                txns.remove(id);
            } else {
                txns.put(id, TransactionRecords.decodeValue(id, value));
            }
            return null;
        });
    }

    /** Completes the transactions that were decided before a restart and starts the timers. */
    public void finishLoading() {
        List<TransactionMetadata> decided = locked(() -> txns.values().stream()
                .filter(t -> t.state().isPrepare()).toList());
        for (TransactionMetadata txn : decided) {
            log.info("Completing {} of transactional id {} after a restart", txn.state().kafkaName(), txn.transactionalId());
            writeMarkersAndComplete(txn);
        }
        schedulePeriodic(config.abortTimedOutIntervalMs(), this::abortTimedOutTransactions);
        schedulePeriodic(config.removeExpiredIntervalMs(), this::expireTransactionalIds);
    }

    private void schedulePeriodic(long intervalMs, Runnable task) {
        if (closed) {
            return;
        }
        Scheduler.Task handle = scheduler.schedule(intervalMs, () -> {
            task.run();
            schedulePeriodic(intervalMs, task);
        });
        synchronized (timers) {
            timers.add(handle);
        }
    }

    // ---- requests ----

    /**
     * InitProducerId with a transactional id: a new producer id for a new id, else the next epoch. An open
     * transaction of the previous instance is aborted first (the answer is CONCURRENT_TRANSACTIONS; the client
     * retries). With {@code expectedProducerId} set (KIP-360), only that producer may bump its epoch.
     */
    public CompletableFuture<InitResult> initProducerId(String transactionalId, int timeoutMs, long expectedProducerId,
                                                        short expectedEpoch) {
        if (transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(InitResult.error(Errors.INVALID_REQUEST));
        }
        if (timeoutMs <= 0 || timeoutMs > config.maxTimeoutMs()) {
            return CompletableFuture.completedFuture(InitResult.error(Errors.INVALID_TRANSACTION_TIMEOUT));
        }
        boolean expected = expectedProducerId != RecordBatch.NO_PRODUCER_ID;
        return locked(() -> {
            long now = scheduler.nowMs();
            TransactionMetadata current = txns.get(transactionalId);
            if (current == null) {
                current = TransactionMetadata.create(transactionalId, producerIds.getAsLong(), timeoutMs, now);
            }
            if (expected && current.producerEpoch() != RecordBatch.NO_PRODUCER_EPOCH
                    && expectedProducerId != current.producerId()) {
                return done(InitResult.error(Errors.PRODUCER_FENCED));
            }
            TransactionState state = current.state();
            if (state.isPrepare()) {
                return done(InitResult.error(Errors.CONCURRENT_TRANSACTIONS));
            }
            if (state == TransactionState.ONGOING) {
                fenceAndAbort(current, "InitProducerId of a new instance");
                return done(InitResult.error(Errors.CONCURRENT_TRANSACTIONS));
            }
            TransactionMetadata next = current.copy();
            if (current.isEpochExhausted() && (!expected || expectedEpoch == current.producerEpoch())) {
                next.initProducer(producerIds.getAsLong(), (short) 0, RecordBatch.NO_PRODUCER_EPOCH, timeoutMs, now);
            } else if (!expected || current.producerEpoch() == RecordBatch.NO_PRODUCER_EPOCH
                    || expectedEpoch == current.producerEpoch()) {
                next.initProducer(current.producerId(), (short) (current.producerEpoch() + 1),
                        expected ? current.producerEpoch() : RecordBatch.NO_PRODUCER_EPOCH, timeoutMs, now);
            } else if (expectedEpoch == current.lastProducerEpoch()) {
                // A retry of a bump whose answer was lost: the current epoch is already the one to return.
                return done(new InitResult(Errors.NONE, current.producerId(), current.producerEpoch()));
            } else {
                return done(InitResult.error(Errors.PRODUCER_FENCED));
            }
            return persist(next)
                    .thenApply(v -> new InitResult(Errors.NONE, next.producerId(), next.producerEpoch()))
                    .exceptionally(e -> InitResult.error(writeError(e, transactionalId)));
        });
    }

    /** AddPartitionsToTxn (and AddOffsetsToTxn with the group's offsets partition). */
    public CompletableFuture<Errors> addPartitions(String transactionalId, long producerId, short epoch,
                                                   Set<TopicPartition> partitions) {
        return locked(() -> {
            TransactionMetadata current = txns.get(transactionalId);
            Errors error = checkProducer(current, producerId, epoch);
            if (error != Errors.NONE) {
                return done(error);
            }
            if (current.state().isPrepare()) {
                return done(Errors.CONCURRENT_TRANSACTIONS);
            }
            if (current.state() == TransactionState.ONGOING && current.partitions().containsAll(partitions)) {
                return done(Errors.NONE);
            }
            TransactionMetadata next = current.copy();
            next.addPartitions(partitions, scheduler.nowMs());
            return persist(next).thenApply(v -> Errors.NONE)
                    .exceptionally(e -> writeError(e, transactionalId));
        });
    }

    /**
     * Whether a transactional write of this producer to {@code partition} belongs to its open transaction
     * (the broker-side verification of KIP-890 part 1, done in process).
     *
     * @return NONE, INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED, CONCURRENT_TRANSACTIONS (being decided) or
     *         TRANSACTION_ABORTABLE (the partition was not added)
     */
    public Errors verify(String transactionalId, long producerId, short epoch, TopicPartition partition) {
        TransactionMetadata current = txns.get(transactionalId);
        Errors error = checkProducer(current, producerId, epoch);
        if (error != Errors.NONE) {
            return error;
        }
        if (current.state().isPrepare()) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        return current.state() == TransactionState.ONGOING && current.partitions().contains(partition)
                ? Errors.NONE : Errors.TRANSACTION_ABORTABLE;
    }

    /** EndTxn: commit or abort the open transaction; answered once its markers are durable. */
    public CompletableFuture<Errors> endTransaction(String transactionalId, long producerId, short epoch, boolean commit) {
        if (transactionalId == null || transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.INVALID_REQUEST);
        }
        return locked(() -> {
            TransactionMetadata current = txns.get(transactionalId);
            Errors error = checkProducer(current, producerId, epoch);
            if (error != Errors.NONE) {
                return done(error);
            }
            switch (current.state()) {
                case ONGOING -> {
                    TransactionMetadata next = current.copy();
                    next.prepare(commit, scheduler.nowMs());
                    return persist(next)
                            .thenCompose(v -> writeMarkersAndComplete(next))
                            .thenApply(v -> Errors.NONE)
                            .exceptionally(e -> writeError(e, transactionalId));
                }
                case COMPLETE_COMMIT -> {
                    return done(commit ? Errors.NONE : Errors.INVALID_TXN_STATE);
                }
                case COMPLETE_ABORT -> {
                    return done(commit ? Errors.INVALID_TXN_STATE : Errors.NONE);
                }
                case PREPARE_COMMIT -> {
                    return done(commit ? Errors.CONCURRENT_TRANSACTIONS : Errors.INVALID_TXN_STATE);
                }
                case PREPARE_ABORT -> {
                    return done(commit ? Errors.INVALID_TXN_STATE : Errors.CONCURRENT_TRANSACTIONS);
                }
                default -> {
                    log.info("EndTxn ({}) for transactional id {} in state {}", commit ? "commit" : "abort",
                            transactionalId, current.state().kafkaName());
                    return done(Errors.INVALID_TXN_STATE);
                }
            }
        });
    }

    /** ListTransactions: empty filters match everything; {@code minDurationMs} < 0 means no duration filter. */
    public List<TransactionMetadata> list(Set<String> states, Set<Long> producerIds, long minDurationMs) {
        long now = scheduler.nowMs();
        return txns.values().stream()
                .filter(t -> states.isEmpty() || states.contains(t.state().kafkaName()))
                .filter(t -> producerIds.isEmpty() || producerIds.contains(t.producerId()))
                .filter(t -> minDurationMs < 0 || (t.state() == TransactionState.ONGOING
                        && now - t.startTimestampMs() > minDurationMs))
                .toList();
    }

    /** Transactions committed since start-up (their markers written). */
    public long committedCount() {
        return committed.sum();
    }

    /** Transactions aborted since start-up (their markers written), timed-out ones included. */
    public long abortedCount() {
        return aborted.sum();
    }

    /** Transactions open now: ongoing, or deciding (prepare commit / abort). */
    public int openCount() {
        int open = 0;
        for (TransactionMetadata txn : txns.values()) {
            TransactionState state = txn.state();
            if (state == TransactionState.ONGOING || state.isPrepare()) {
                open++;
            }
        }
        return open;
    }

    public Optional<TransactionMetadata> describe(String transactionalId) {
        return Optional.ofNullable(txns.get(transactionalId));
    }

    // ---- timers ----

    /** Aborts (with a new epoch, fencing the producer) every open transaction older than its timeout. */
    public void abortTimedOutTransactions() {
        locked(() -> {
            long now = scheduler.nowMs();
            for (TransactionMetadata txn : List.copyOf(txns.values())) {
                if (txn.state() == TransactionState.ONGOING && now - txn.startTimestampMs() > txn.timeoutMs()) {
                    fenceAndAbort(txn, "its timeout of " + txn.timeoutMs() + " ms");
                }
            }
            return null;
        });
    }

    /** Forgets transactional ids idle for longer than transactional.id.expiration.ms. */
    public void expireTransactionalIds() {
        locked(() -> {
            long now = scheduler.nowMs();
            for (TransactionMetadata txn : List.copyOf(txns.values())) {
                if (txn.state().isIdle() && now - txn.lastUpdateTimestampMs() > config.idExpirationMs()) {
                    try {
                        coordinatorLog.append(partitionOf(txn.transactionalId()),
                                List.of(TransactionRecords.tombstone(txn.transactionalId())));
                        txns.remove(txn.transactionalId());
                        log.info("Expired transactional id {}", txn.transactionalId());
                    } catch (RuntimeException e) {
                        log.warn("Could not expire transactional id {}: {}", txn.transactionalId(), e.toString());
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void close() {
        closed = true;
        synchronized (timers) {
            timers.forEach(Scheduler.Task::cancel);
            timers.clear();
        }
    }

    // ---- internals ----

    private Errors checkProducer(TransactionMetadata current, long producerId, short epoch) {
        if (current == null || current.producerId() != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (current.producerEpoch() != epoch) {
            return Errors.PRODUCER_FENCED;
        }
        return Errors.NONE;
    }

    /** Bumps the epoch of an open transaction and aborts it; nobody waits for the outcome. Under the lock. */
    private void fenceAndAbort(TransactionMetadata current, String reason) {
        TransactionMetadata next = current.copy();
        next.fenceEpoch();
        next.prepare(false, scheduler.nowMs());
        log.info("Aborting the transaction of transactional id {} (producer {}) because of {}; epoch now {}",
                current.transactionalId(), current.producerId(), reason, next.producerEpoch());
        persist(next).thenCompose(v -> writeMarkersAndComplete(next))
                .exceptionally(e -> {
                    log.warn("Abort of transactional id {} failed: {}", current.transactionalId(), e.toString());
                    return null;
                });
    }

    /**
     * Writes the markers of a decided transaction, then its Complete state. Marker failures are retried until
     * they succeed (the decision is durable, so the markers must eventually be written).
     */
    private CompletableFuture<Void> writeMarkersAndComplete(TransactionMetadata prepared) {
        boolean commit = prepared.state() == TransactionState.PREPARE_COMMIT;
        return markers.writeMarkers(prepared.producerId(), prepared.producerEpoch(), commit, prepared.partitions())
                .handle((v, error) -> {
                    if (error != null) {
                        log.warn("Writing the {} markers of transactional id {} failed, retrying: {}",
                                commit ? "commit" : "abort", prepared.transactionalId(), error.toString());
                        if (!closed) {
                            scheduler.schedule(MARKER_RETRY_MS, () -> writeMarkersAndComplete(prepared));
                        }
                        return null;
                    }
                    completeIfStill(prepared);
                    return null;
                });
    }

    private void completeIfStill(TransactionMetadata prepared) {
        locked(() -> {
            TransactionMetadata current = txns.get(prepared.transactionalId());
            if (current != null && current.state() == prepared.state() && current.producerId() == prepared.producerId()
                    && current.producerEpoch() == prepared.producerEpoch()) {
                TransactionMetadata done = current.copy();
                done.complete(scheduler.nowMs());
                (prepared.state() == TransactionState.PREPARE_COMMIT ? committed : aborted).increment();
                persist(done).exceptionally(e -> {
                    log.warn("Could not write the completion of {}: {}", prepared.transactionalId(), e.toString());
                    return null;
                });
            }
            return null;
        });
    }

    /**
     * Appends {@code next} to the log and makes it the state of its id. Under the lock.
     *
     * @return completes when the record is durable; fails (and the state stays as it was) if the append fails
     */
    private CompletableFuture<Void> persist(TransactionMetadata next) {
        CompletableFuture<Void> durable;
        try {
            durable = coordinatorLog.append(partitionOf(next.transactionalId()), List.of(TransactionRecords.record(next)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        txns.put(next.transactionalId(), next);
        return durable;
    }

    private Errors writeError(Throwable e, String transactionalId) {
        log.warn("Transaction state of {} could not be written: {}", transactionalId, e.toString());
        return Errors.COORDINATOR_NOT_AVAILABLE;
    }

    private int partitionOf(String transactionalId) {
        return partitionFor(transactionalId, config.numPartitions());
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
