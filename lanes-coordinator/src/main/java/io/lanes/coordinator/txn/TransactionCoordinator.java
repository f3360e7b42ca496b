package io.lanes.coordinator.txn;

import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import io.lanes.coordinator.runtime.Scheduler;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The transaction coordinator, for both versions of Kafka's transaction protocol, tracked per transaction as
 * Kafka does. Version 1: the client adds partitions with AddPartitionsToTxn and the epoch stays the same from one
 * transaction to the next. Version 2 (KIP-890 part 2; EndTxn v5+, Produce v12+, TxnOffsetCommit v5+): a
 * verified write adds its partition implicitly ({@link #addPartitions} with version 2) and every EndTxn bumps the
 * epoch, so the markers carry the new epoch and fence every late write of the finished transaction; the client
 * learns the new epoch (or, once the epochs of its producer id are exhausted, its new producer id) from EndTxn.
 *
 * <p>Every change of a transactional id is a record in its partition of {@code __transaction_state}
 * ({@code abs(hash) % partitions}). As in Kafka's coordinator model, an operation only validates and decides a
 * record; the state changes only in {@link #replay}, the same code that loads the topic at start-up, applied once
 * the record is in the log. An append that fails changes nothing. Ending a transaction is a two-phase write:
 * PrepareCommit/PrepareAbort is made durable first, then the markers go to every partition of the transaction,
 * then CompleteCommit/CompleteAbort is written. A restart that finds a Prepare state writes the markers again, and
 * so does a retry when writing the markers or the Complete record fails, so a decided transaction is always
 * completed; an undecided one is aborted when its timeout expires. An open transaction is fenced (epoch bumped,
 * aborted) when another instance calls InitProducerId with the same transactional id, or when
 * {@code transaction.timeout.ms} passes.
 *
 * <p>Thread-safety: one lock guards the short steps that read the state and decide a record, and the replay; it
 * is never held across I/O (appends, markers, producer id allocation) or while waiting for durability. While
 * a record of a transactional id is between its decision and its replay the id is <em>busy</em>: other
 * operations on it answer CONCURRENT_TRANSACTIONS (Kafka's pending state), so the records of one id reach the
 * log in the order they are replayed (records of different ids are independent). Reads (Produce verification,
 * List/DescribeTransactions) see immutable snapshots without the lock.
 */
public final class TransactionCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);
    private static final long MARKER_RETRY_MS = 1_000L;

    /** The answer to EndTxn: the producer id and epoch to use next (v5+), -1 / -1 on an error. */
    public record EndResult(Errors error, long producerId, short producerEpoch) {
        static EndResult error(Errors error) {
            return new EndResult(error, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
        }
    }

    /** The transaction version of clients that add partitions themselves and keep their epoch (Kafka's TV_0). */
    public static final short CLIENT_VERSION_1 = 0;
    /** The transaction version of clients that bump the epoch at every EndTxn (Kafka's TV_2). */
    public static final short CLIENT_VERSION_2 = 2;

    /** The answer to InitProducerId. */
    public record InitResult(Errors error, long producerId, short producerEpoch) {
        static InitResult error(Errors error) {
            return new InitResult(error, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
        }
    }

    /**
     * What an operation decided under the lock: an answer, and/or a state to write for an id it made busy.
     *
     * @param needsProducerId the decision needs a producer id that was not allocated before taking the lock
     */
    private record Decision<T>(T answer, TransactionMetadata write, boolean needsProducerId) {
        static <T> Decision<T> answer(T answer) {
            return new Decision<>(answer, null, false);
        }

        static <T> Decision<T> write(TransactionMetadata next) {
            return new Decision<>(null, next, false);
        }
    }

    private final TransactionConfig config;
    private final CoordinatorLog coordinatorLog;
    private final Scheduler scheduler;
    private final LongSupplier producerIds;
    /** The finalized transaction.version feature: the version of aborts the coordinator starts itself. */
    private final IntSupplier serverTransactionVersion;
    private final TxnMarkerWriter markers;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Transactional id to its current state, changed only by {@link #replay}. Values are never changed once in the
     * map (a record replaces them), so reads need no lock; the lock serializes the writers.
     */
    private final Map<String, TransactionMetadata> txns = new ConcurrentHashMap<>();
    /** Ids with a record decided but not yet replayed (or failed). Guarded by {@link #lock}. */
    private final Set<String> busy = new HashSet<>();
    private final List<Scheduler.Task> timers = new ArrayList<>();
    private volatile boolean closed;
    /** Transactions completed since start-up, for metrics (a timed-out transaction counts as aborted). */
    private final LongAdder committed = new LongAdder();
    private final LongAdder aborted = new LongAdder();

    public TransactionCoordinator(TransactionConfig config, CoordinatorLog coordinatorLog, Scheduler scheduler,
                                  LongSupplier producerIds, TxnMarkerWriter markers) {
        this(config, coordinatorLog, scheduler, producerIds, markers, () -> 1);
    }

    /**
     * @param serverTransactionVersion the finalized {@code transaction.version}, read when the coordinator aborts a
     *                                 transaction itself (timeout, fencing), as Kafka records such aborts under it
     */
    public TransactionCoordinator(TransactionConfig config, CoordinatorLog coordinatorLog, Scheduler scheduler,
                                  LongSupplier producerIds, TxnMarkerWriter markers,
                                  IntSupplier serverTransactionVersion) {
        this.serverTransactionVersion = serverTransactionVersion;
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

    // ---- loading and replay ----

    /**
     * Applies one record of {@code __transaction_state}: at start-up for every record of the topic, and live for
     * every record this coordinator appended. The only place the state changes.
     */
    public void replay(ByteBuffer key, ByteBuffer value) {
        String id = TransactionRecords.decodeKey(key);
        if (id == null) {
            return;
        }
        TransactionMetadata state = value == null ? null : TransactionRecords.decodeValue(id, value);
        locked(() -> {
            if (state == null) {
                txns.remove(id);
            } else {
                txns.put(id, state);
            }
            return null;
        });
    }

    /** Completes the transactions that were decided before a restart and starts the timers. */
    public void finishLoading() {
        List<TransactionMetadata> decided = txns.values().stream().filter(t -> t.state().isPrepare()).toList();
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
        // Allocating a producer id may write the id block to disk: do it before taking the lock, when it looks
        // needed; if the state changed meanwhile so that one is needed after all, decide again with one.
        TransactionMetadata seen = txns.get(transactionalId);
        boolean allocate = seen == null || seen.isEpochExhausted();
        while (true) {
            long freshId = allocate ? producerIds.getAsLong() : RecordBatch.NO_PRODUCER_ID;
            Decision<InitResult> decision = locked(() ->
                    decideInit(transactionalId, timeoutMs, expectedProducerId, expectedEpoch, freshId));
            if (decision.needsProducerId()) {
                allocate = true;
                continue;
            }
            if (decision.write() == null) {
                return done(decision.answer());
            }
            if (decision.answer() != null) {
                // the fencing abort of an open transaction; the new instance retries
                decideTransaction(decision.write());
                return done(decision.answer());
            }
            TransactionMetadata next = decision.write();
            return write(next)
                    .thenApply(v -> new InitResult(Errors.NONE, next.producerId(), next.producerEpoch()))
                    .exceptionally(e -> InitResult.error(writeError(e, transactionalId)));
        }
    }

    private Decision<InitResult> decideInit(String transactionalId, int timeoutMs, long expectedProducerId,
                                            short expectedEpoch, long freshId) {
        boolean expected = expectedProducerId != RecordBatch.NO_PRODUCER_ID;
        if (busy.contains(transactionalId)) {
            return Decision.answer(InitResult.error(Errors.CONCURRENT_TRANSACTIONS));
        }
        long now = scheduler.nowMs();
        TransactionMetadata current = txns.get(transactionalId);
        if (current == null) {
            if (freshId == RecordBatch.NO_PRODUCER_ID) {
                return new Decision<>(null, null, true);
            }
            current = TransactionMetadata.create(transactionalId, freshId, timeoutMs, now);
        }
        if (expected && current.producerEpoch() != RecordBatch.NO_PRODUCER_EPOCH
                && expectedProducerId != current.producerId()) {
            return Decision.answer(InitResult.error(Errors.PRODUCER_FENCED));
        }
        TransactionState state = current.state();
        if (state.isPrepare()) {
            return Decision.answer(InitResult.error(Errors.CONCURRENT_TRANSACTIONS));
        }
        if (state == TransactionState.ONGOING) {
            TransactionMetadata abort = fencingAbort(current, "InitProducerId of a new instance");
            busy.add(transactionalId);
            return new Decision<>(InitResult.error(Errors.CONCURRENT_TRANSACTIONS), abort, false);
        }
        TransactionMetadata next = current.copy();
        if (current.isEpochExhausted() && (!expected || expectedEpoch == current.producerEpoch())) {
            if (freshId == RecordBatch.NO_PRODUCER_ID) {
                return new Decision<>(null, null, true);
            }
            next.initProducer(freshId, (short) 0, RecordBatch.NO_PRODUCER_EPOCH, timeoutMs, now);
        } else if (!expected || current.producerEpoch() == RecordBatch.NO_PRODUCER_EPOCH
                || expectedEpoch == current.producerEpoch()) {
            next.initProducer(current.producerId(), (short) (current.producerEpoch() + 1),
                    expected ? current.producerEpoch() : RecordBatch.NO_PRODUCER_EPOCH, timeoutMs, now);
        } else if (expectedEpoch == current.lastProducerEpoch()) {
            // A retry of a bump whose answer was lost: the current epoch is already the one to return.
            return Decision.answer(new InitResult(Errors.NONE, current.producerId(), current.producerEpoch()));
        } else {
            return Decision.answer(InitResult.error(Errors.PRODUCER_FENCED));
        }
        busy.add(transactionalId);
        return Decision.write(next);
    }

    /** AddPartitionsToTxn (and AddOffsetsToTxn with the group's offsets partition) of a version-1 client. */
    public CompletableFuture<Errors> addPartitions(String transactionalId, long producerId, short epoch,
                                                   Set<TopicPartition> partitions) {
        return addPartitions(transactionalId, producerId, epoch, partitions, CLIENT_VERSION_1);
    }

    /**
     * Adds partitions to the producer's transaction, starting one if none is open: AddPartitionsToTxn of a
     * version-1 client, or the implicit addition of a verified Produce (v12+) or TxnOffsetCommit (v5+) of a
     * version-2 client ({@code clientVersion} 2).
     *
     * @return NONE, INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED, CONCURRENT_TRANSACTIONS (being decided) or
     *         COORDINATOR_NOT_AVAILABLE (the state could not be written)
     */
    public CompletableFuture<Errors> addPartitions(String transactionalId, long producerId, short epoch,
                                                   Set<TopicPartition> partitions, short clientVersion) {
        Decision<Errors> decision = locked(() -> {
            if (busy.contains(transactionalId)) {
                return Decision.answer(Errors.CONCURRENT_TRANSACTIONS);
            }
            TransactionMetadata current = txns.get(transactionalId);
            Errors error = checkProducer(current, producerId, epoch);
            if (error != Errors.NONE) {
                return Decision.answer(error);
            }
            if (current.state().isPrepare()) {
                return Decision.answer(Errors.CONCURRENT_TRANSACTIONS);
            }
            if (current.state() == TransactionState.ONGOING && current.partitions().containsAll(partitions)) {
                return Decision.answer(Errors.NONE);
            }
            TransactionMetadata next = current.copy();
            next.addPartitions(partitions, scheduler.nowMs(), clientVersion);
            busy.add(transactionalId);
            return Decision.write(next);
        });
        if (decision.write() == null) {
            return done(decision.answer());
        }
        return write(decision.write()).thenApply(v -> Errors.NONE)
                .exceptionally(e -> writeError(e, transactionalId));
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

    /** EndTxn of a version-1 client (v0-v4). */
    public CompletableFuture<Errors> endTransaction(String transactionalId, long producerId, short epoch, boolean commit) {
        return endTransaction(transactionalId, producerId, epoch, commit, CLIENT_VERSION_1).thenApply(EndResult::error);
    }

    /**
     * EndTxn: commit or abort the open transaction. Answered once the decision is durable and its markers and
     * Complete record are written, or, if writing those fails, once their retry is scheduled (the decision
     * stands; the client sees CONCURRENT_TRANSACTIONS until it is complete). With {@code clientVersion} 2 (EndTxn
     * v5+) the epoch is bumped, and the answer carries the producer id and epoch for the next transaction.
     *
     * <p>Which epoch is valid follows Kafka: for a version-2 transaction a decided or completed one is only
     * answered again to its previous epoch (a retry: the client has not seen the bump yet), or after a producer id
     * rollover to the previous producer id at the last epoch; the current epoch there is the next EndTxn and
     * gets PRODUCER_FENCED. A version-1 transaction needs the current epoch.
     */
    public CompletableFuture<EndResult> endTransaction(String transactionalId, long producerId, short epoch,
                                                      boolean commit, short clientVersion) {
        if (transactionalId == null || transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(EndResult.error(Errors.INVALID_REQUEST));
        }
        TransactionMetadata seen = txns.get(transactionalId);
        boolean allocate = clientVersion >= CLIENT_VERSION_2 && seen != null && seen.isEpochExhausted();
        while (true) {
            long freshId = allocate ? producerIds.getAsLong() : RecordBatch.NO_PRODUCER_ID;
            Decision<EndResult> decision = locked(() ->
                    decideEnd(transactionalId, producerId, epoch, commit, clientVersion, freshId));
            if (decision.needsProducerId()) {
                allocate = true;
                continue;
            }
            if (decision.write() == null) {
                return done(decision.answer());
            }
            TransactionMetadata prepared = decision.write();
            return decideTransaction(prepared).thenApply(v -> nextProducer(prepared))
                    .exceptionally(e -> EndResult.error(writeError(e, transactionalId)));
        }
    }

    private Decision<EndResult> decideEnd(String transactionalId, long producerId, short epoch, boolean commit,
                                          short clientVersion, long freshId) {
        if (busy.contains(transactionalId)) {
            return Decision.answer(EndResult.error(Errors.CONCURRENT_TRANSACTIONS));
        }
        TransactionMetadata current = txns.get(transactionalId);
        if (current == null) {
            return Decision.answer(EndResult.error(Errors.INVALID_PRODUCER_ID_MAPPING));
        }
        return clientVersion >= CLIENT_VERSION_2
                ? decideEndVersionTwo(current, producerId, epoch, commit, freshId)
                : decideEndVersionOne(current, producerId, epoch, commit);
    }

    /** EndTxn v0-v4: the current epoch only; a completed outcome is answered again to a retry of it. */
    private Decision<EndResult> decideEndVersionOne(TransactionMetadata current, long producerId, short epoch,
                                                    boolean commit) {
        Errors error = checkProducer(current, producerId, epoch);
        if (error != Errors.NONE) {
            return Decision.answer(EndResult.error(error));
        }
        EndResult same = new EndResult(Errors.NONE, current.producerId(), current.producerEpoch());
        return switch (current.state()) {
            case ONGOING -> prepare(current, commit, CLIENT_VERSION_1, RecordBatch.NO_PRODUCER_ID);
            case COMPLETE_COMMIT -> Decision.answer(commit ? same : invalidState(current, commit));
            case COMPLETE_ABORT -> Decision.answer(commit ? invalidState(current, commit) : same);
            case PREPARE_COMMIT -> Decision.answer(commit ? EndResult.error(Errors.CONCURRENT_TRANSACTIONS)
                    : invalidState(current, commit));
            case PREPARE_ABORT -> Decision.answer(commit ? invalidState(current, commit)
                    : EndResult.error(Errors.CONCURRENT_TRANSACTIONS));
            default -> Decision.answer(invalidState(current, commit));
        };
    }

    /**
     * EndTxn v5+, as Kafka 4.1 decides it. The epoch of a retry is the one before the bump (or, after a producer
     * id rollover, the last epoch of the previous producer id); a decided transaction answers only retries; a
     * completed one answers a retry of its outcome, and to the current epoch an abort opens and aborts an empty
     * transaction (bumping the epoch: how a client recovers from an abortable error before any write was added).
     */
    private Decision<EndResult> decideEndVersionTwo(TransactionMetadata current, long producerId, short epoch,
                                                    boolean commit, long freshId) {
        TransactionState state = current.state();
        boolean retryOnOverflow = current.prevProducerId() == producerId && epoch == Short.MAX_VALUE - 1
                && current.producerEpoch() == 0;
        boolean retryOnBump = current.producerEpoch() == epoch + 1;
        boolean sameEpoch = current.producerEpoch() == epoch;
        if (current.producerId() != producerId && !retryOnOverflow) {
            return Decision.answer(EndResult.error(Errors.INVALID_PRODUCER_ID_MAPPING));
        }
        boolean validEpoch = switch (state) {
            case PREPARE_COMMIT, PREPARE_ABORT -> retryOnBump;
            case COMPLETE_COMMIT, COMPLETE_ABORT -> retryOnBump || retryOnOverflow || sameEpoch;
            default -> sameEpoch;
        };
        if (!validEpoch) {
            return Decision.answer(EndResult.error(Errors.PRODUCER_FENCED));
        }
        boolean retry = retryOnBump || retryOnOverflow;
        EndResult same = new EndResult(Errors.NONE, current.producerId(), current.producerEpoch());
        long next = current.isEpochExhausted() ? freshId : RecordBatch.NO_PRODUCER_ID;
        if (current.isEpochExhausted() && next == RecordBatch.NO_PRODUCER_ID
                && (state == TransactionState.ONGOING || (!commit && !retry && (state.isIdle())))) {
            return new Decision<>(null, null, true);
        }
        return switch (state) {
            case ONGOING -> prepare(current, commit, CLIENT_VERSION_2, next);
            case COMPLETE_COMMIT -> commit
                    ? Decision.answer(retry ? same : invalidState(current, commit))
                    : retry ? Decision.answer(invalidState(current, commit)) : prepare(current, false, CLIENT_VERSION_2, next);
            case COMPLETE_ABORT -> commit
                    ? Decision.answer(invalidState(current, commit))
                    : retry ? Decision.answer(same) : prepare(current, false, CLIENT_VERSION_2, next);
            case EMPTY -> commit ? Decision.answer(invalidState(current, commit))
                    : prepare(current, false, CLIENT_VERSION_2, next);
            case PREPARE_COMMIT -> Decision.answer(commit ? EndResult.error(Errors.CONCURRENT_TRANSACTIONS)
                    : invalidState(current, commit));
            case PREPARE_ABORT -> Decision.answer(commit ? invalidState(current, commit)
                    : EndResult.error(Errors.CONCURRENT_TRANSACTIONS));
            default -> Decision.answer(invalidState(current, commit));
        };
    }

    /** Decides the outcome of the transaction (or of an empty one). Under the lock; makes the id busy. */
    private Decision<EndResult> prepare(TransactionMetadata current, boolean commit, short clientVersion, long next) {
        TransactionMetadata prepared = current.copy();
        prepared.prepare(commit, scheduler.nowMs(), clientVersion, next);
        busy.add(current.transactionalId());
        return Decision.write(prepared);
    }

    private static EndResult invalidState(TransactionMetadata current, boolean commit) {
        log.info("EndTxn ({}) for transactional id {} in state {}", commit ? "commit" : "abort",
                current.transactionalId(), current.state().kafkaName());
        return EndResult.error(Errors.INVALID_TXN_STATE);
    }

    /** The producer id and epoch a decided transaction leaves the client with once complete. */
    private static EndResult nextProducer(TransactionMetadata prepared) {
        if (prepared.nextProducerId() != RecordBatch.NO_PRODUCER_ID) {
            return new EndResult(Errors.NONE, prepared.nextProducerId(), (short) 0);
        }
        return new EndResult(Errors.NONE, prepared.producerId(), prepared.producerEpoch());
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
        List<TransactionMetadata> aborts = locked(() -> {
            long now = scheduler.nowMs();
            List<TransactionMetadata> decided = new ArrayList<>();
            for (TransactionMetadata txn : txns.values()) {
                // a busy id is being changed; the next run sees what it became
                if (txn.state() == TransactionState.ONGOING && now - txn.startTimestampMs() > txn.timeoutMs()
                        && busy.add(txn.transactionalId())) {
                    decided.add(fencingAbort(txn, "its timeout of " + txn.timeoutMs() + " ms"));
                }
            }
            return decided;
        });
        aborts.forEach(this::decideTransaction);
    }

    /** Forgets transactional ids idle for longer than transactional.id.expiration.ms. */
    public void expireTransactionalIds() {
        List<String> expired = locked(() -> {
            long now = scheduler.nowMs();
            List<String> ids = new ArrayList<>();
            for (TransactionMetadata txn : txns.values()) {
                if (txn.state().isIdle() && now - txn.lastUpdateTimestampMs() > config.idExpirationMs()
                        && busy.add(txn.transactionalId())) {
                    ids.add(txn.transactionalId());
                }
            }
            return ids;
        });
        for (String id : expired) {
            append(id, TransactionRecords.tombstone(id))
                    .thenRun(() -> log.info("Expired transactional id {}", id))
                    .exceptionally(e -> {
                        log.warn("Could not expire transactional id {}: {}", id, e.toString());
                        return null;
                    });
        }
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

    /** The PrepareAbort, under a new epoch, that fences the producer of an open transaction. Under the lock. */
    private TransactionMetadata fencingAbort(TransactionMetadata current, String reason) {
        TransactionMetadata next = current.copy();
        next.fenceAndAbort(scheduler.nowMs(), (short) serverTransactionVersion.getAsInt());
        log.info("Aborting the transaction of transactional id {} (producer {}) because of {}; epoch now {}",
                current.transactionalId(), current.producerId(), reason, next.producerEpoch());
        return next;
    }

    /**
     * Writes a decision (PrepareCommit/PrepareAbort, for an id made busy), then once it is durable the markers and
     * the Complete record.
     *
     * @return completes when the markers and Complete are written or their retry is scheduled; fails, with the
     *         state unchanged, if the decision could not be appended, and fails if it could not be made durable
     *         (then it is in the log and memory, and the retry completes it)
     */
    private CompletableFuture<Void> decideTransaction(TransactionMetadata prepared) {
        CompletableFuture<Void> durable = write(prepared);
        durable.whenComplete((v, error) -> {
            if (error != null && !(error instanceof AppendFailed)) {
                log.warn("The decision of transactional id {} may not be durable ({}); completing it anyway",
                        prepared.transactionalId(), error.toString());
                retryLater(() -> writeMarkersAndComplete(prepared));
            } else if (error != null) {
                log.warn("Could not write the decision of transactional id {}: {}", prepared.transactionalId(),
                        error.getCause().toString());
            }
        });
        return durable.thenCompose(v -> writeMarkersAndComplete(prepared));
    }

    /**
     * Writes the markers of a decided transaction, then its Complete state. Marker failures are retried until
     * they succeed (the decision is durable, so the markers must eventually be written). Never under the lock.
     */
    private CompletableFuture<Void> writeMarkersAndComplete(TransactionMetadata prepared) {
        boolean commit = prepared.state() == TransactionState.PREPARE_COMMIT;
        CompletableFuture<Void> written;
        try {
            written = markers.writeMarkers(prepared.producerId(), prepared.producerEpoch(), commit, prepared.partitions());
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.handle((v, error) -> {
            if (error != null) {
                log.warn("Writing the {} markers of transactional id {} failed, retrying: {}",
                        commit ? "commit" : "abort", prepared.transactionalId(), error.toString());
                retryLater(() -> writeMarkersAndComplete(prepared));
                return CompletableFuture.<Void>completedFuture(null);
            }
            return complete(prepared);
        }).thenCompose(f -> f);
    }

    /** Writes the Complete record of a transaction whose markers are written, if it is still that decision. */
    private CompletableFuture<Void> complete(TransactionMetadata prepared) {
        Decision<Boolean> decision = locked(() -> {
            String id = prepared.transactionalId();
            TransactionMetadata current = txns.get(id);
            if (current == null || current.state() != prepared.state() || current.producerId() != prepared.producerId()
                    || current.producerEpoch() != prepared.producerEpoch()) {
                return Decision.answer(false);  // completed already (by a retry, or before a restart)
            }
            if (!busy.add(id)) {
                return Decision.answer(true);
            }
            TransactionMetadata done = current.copy();
            done.complete(scheduler.nowMs());
            return Decision.write(done);
        });
        if (decision.write() == null) {
            if (Boolean.TRUE.equals(decision.answer())) {
                retryLater(() -> complete(prepared));
            }
            return done(null);
        }
        CompletableFuture<Void> durable = write(decision.write());
        return durable.handle((v, error) -> {
            if (error instanceof AppendFailed) {
                log.warn("Could not write the completion of {}, retrying: {}", prepared.transactionalId(),
                        error.getCause().toString());
                retryLater(() -> complete(prepared));
                return null;
            }
            (prepared.state() == TransactionState.PREPARE_COMMIT ? committed : aborted).increment();
            if (error != null) {
                log.warn("The completion of {} may not be durable: {}", prepared.transactionalId(), error.toString());
            }
            return null;
        });
    }

    private void retryLater(Runnable retry) {
        if (!closed) {
            scheduler.schedule(MARKER_RETRY_MS, retry);
        }
    }

    /**
     * Appends the state of a busy id and replays it, then frees the id. Never under the lock.
     *
     * @return completes once the record is durable; fails with {@link AppendFailed} (and the state stays as it
     *         was) if the append fails, or with the durability error (the record is in the log and replayed)
     */
    private CompletableFuture<Void> write(TransactionMetadata next) {
        return append(next.transactionalId(), TransactionRecords.record(next));
    }

    private CompletableFuture<Void> append(String transactionalId, CoordinatorRecord record) {
        CompletableFuture<Void> durable;
        try {
            durable = coordinatorLog.append(partitionOf(transactionalId), List.of(record));
        } catch (RuntimeException e) {
            locked(() -> busy.remove(transactionalId));
            return CompletableFuture.failedFuture(new AppendFailed(e));
        }
        locked(() -> {
            replay(record.key(), record.value());
            return busy.remove(transactionalId);
        });
        return durable;
    }

    /** An append that did not happen: nothing was written, nothing changed. */
    private static final class AppendFailed extends RuntimeException {
        AppendFailed(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private Errors writeError(Throwable e, String transactionalId) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        log.warn("Transaction state of {} could not be written: {}", transactionalId,
                (cause instanceof AppendFailed ? cause.getCause() : cause).toString());
        return Errors.COORDINATOR_NOT_AVAILABLE;
    }

    private int partitionOf(String transactionalId) {
        return partitionFor(transactionalId, config.numPartitions());
    }

    /** Whether the calling thread holds the coordinator's lock (tests check that no I/O happens under it). */
    boolean holdsLock() {
        return lock.isHeldByCurrentThread();
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
