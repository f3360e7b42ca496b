package io.lanes.processor.internal;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Exactly-once output: one transactional producer per processor; the outputs of completed records
 * and the consumed offsets that cover them commit in one Kafka transaction.
 *
 * <p>A worker whose handler attempt succeeded sends the attempt's
 * outputs and marks the record complete while holding the read side of a lock; the poll thread
 * cuts the transaction (on the commit interval, before partitions are released, on close) while
 * holding the write side: it waits for the sends in progress, takes the offsets of every partition
 * whose completion changed (the completed offsets above the first incomplete one travel in the
 * metadata, as in plain commits), sends them with {@code sendOffsetsToTransaction} and the
 * consumer's group metadata (so a member fenced by a rebalance cannot commit), commits and begins
 * the next transaction. Hence every record counted complete in a transaction had all its outputs
 * sent in that transaction or an earlier one, and no record's outputs are in a transaction that
 * does not cover its offset.
 *
 * <p>Any failure to commit (the producer fenced by a newer instance with the same
 * {@code transactional.id}, an output that could not be written, a stale group generation) aborts
 * the transaction when it can and stops the processor: it throws {@link TransactionStoppedException}
 * and drops every later output, so what completed since the last committed transaction is
 * processed again by the partitions' next owner, and nothing of it becomes visible twice.
 *
 * <p>Thread-safety: {@link #complete} from any worker thread; everything else from the poll thread.
 */
public final class TransactionalCommitter implements OffsetCommitter, CompletionGate {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalCommitter.class);

    private final Producer<byte[], byte[]> producer;
    private final Consumer<?, ?> consumer;
    private final String transactionalId;
    /** Fair, so a waiting commit is not starved by a steady stream of completions. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    /** The first send error of the open transaction, for the log; commitTransaction fails on it anyway. */
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private volatile boolean stopped;
    /** Whether outputs were sent in the open transaction; written under the read lock, read under the write lock. */
    private volatile boolean sentInTransaction;
    /**
     * Whether a transaction is open. Begun by the first send or commit after the previous commit, so
     * none is left open (and aborted by the producer's close) when the processor closes. Guarded by
     * {@code beginLock}: workers holding the read lock race to begin it.
     */
    private boolean inTransaction;
    private final Object beginLock = new Object();

    public TransactionalCommitter(Producer<byte[], byte[]> producer, Consumer<?, ?> consumer, String transactionalId) {
        this.producer = producer;
        this.consumer = consumer;
        this.transactionalId = transactionalId;
    }

    /** Registers the transactional id (fencing an earlier instance with the same id, aborting its open transaction). */
    @Override
    public void start() {
        producer.initTransactions();
        LOG.info("Transactional output ready (transactional.id {})", transactionalId);
    }

    @Override
    public WorkItem complete(WorkItem item, List<ProducerRecord<byte[], byte[]>> outputs, Supplier<WorkItem> markComplete) {
        if (outputs.isEmpty()) {
            // nothing to keep together: any transaction that covers the offset is right
            return stopped ? null : markComplete.get();
        }
        lock.readLock().lock();
        try {
            if (stopped || item.partition.isReleased()) {
                LOG.debug("Dropping the outputs of {}: {}", item, stopped ? "transactions stopped" : "partition released");
                return null;
            }
            beginTransactionIfNone();
            for (ProducerRecord<byte[], byte[]> output : outputs) {
                producer.send(output, (metadata, error) -> {
                    if (error != null && sendError.compareAndSet(null, error)) {
                        LOG.error("An output of {} could not be written to {}: {}; the transaction will abort",
                                item, output.topic(), error.toString());
                    }
                });
            }
            sentInTransaction = true;
            return markComplete.get();
        } catch (KafkaException | IllegalStateException e) {
            // the producer is fenced or in error: the record stays incomplete and the next commit stops the processor
            LOG.error("Cannot send the outputs of {}: {}", item, e.toString());
            sendError.compareAndSet(null, e);
            return null;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void commitChanged(AssignedPartitions partitions) {
        commit(partitions::changedCommits, List.of());
    }

    @Override
    public void commitReleasing(AssignedPartitions partitions, List<PartitionState> releasing) {
        // every partition's completions go in: the open transaction holds outputs of all of them
        commit(() -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(partitions.changedCommits());
            offsets.putAll(AssignedPartitions.currentCommits(releasing));
            return offsets;
        }, releasing);
    }

    @Override
    public void lost(List<PartitionState> lost) {
        lock.writeLock().lock();
        try {
            lost.forEach(PartitionState::markReleased);
            if (stopped) {
                return;
            }
            for (PartitionState state : lost) {
                if (state.hasUncommittedCompletions()) {
                    // their outputs may be in the open transaction, and their offsets can no longer be committed
                    abortAndStop("partition " + state.topicPartition() + " was lost with completions not committed", null);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean canCommit() {
        return !stopped;
    }

    @Override
    public void close(Duration timeout) {
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            LOG.warn("Closing the transactional producer failed: {}", e.toString());
        }
    }

    private void commit(Supplier<Map<TopicPartition, OffsetAndMetadata>> offsetsToCommit, List<PartitionState> releasing) {
        lock.writeLock().lock();
        try {
            if (stopped) {
                throw new TransactionStoppedException("transactions stopped earlier; nothing is committed", null);
            }
            // under the write lock no output is being sent: the offsets cover exactly the records whose outputs went in
            Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit.get();
            releasing.forEach(PartitionState::markReleased);
            if (offsets.isEmpty() && !sentInTransaction) {
                return;
            }
            try {
                beginTransactionIfNone();
                if (!offsets.isEmpty()) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                }
                producer.commitTransaction();
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                stopped = true;
                LOG.error("The producer of transactional.id {} was fenced: another instance with this id took over. "
                        + "This processor stops; records completed since its last committed transaction are processed "
                        + "again by the partitions' next owner", transactionalId);
                throw new TransactionStoppedException("fenced: transactional.id " + transactionalId + " is used by a newer instance", e);
            } catch (KafkaException e) {
                abortAndStop("the transaction could not commit: " + e, e);
            }
            sentInTransaction = false;
            synchronized (beginLock) {
                inTransaction = false;
            }
            LOG.debug("Committed a transaction with offsets {}", offsets);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void beginTransactionIfNone() {
        synchronized (beginLock) {
            if (!inTransaction) {
                producer.beginTransaction();
                inTransaction = true;
            }
        }
    }

    /** Under the write lock. */
    private void abortAndStop(String reason, Exception cause) {
        stopped = true;
        try {
            synchronized (beginLock) {
                if (inTransaction) {
                    producer.abortTransaction();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Aborting the transaction failed too ({}); the coordinator aborts it on its timeout or when this "
                    + "transactional.id starts again", e.toString());
        }
        Exception firstSendError = sendError.get();
        LOG.error("Transaction of transactional.id {} aborted: {}{}. This processor stops; records completed since its "
                        + "last committed transaction are processed again by the partitions' next owner",
                transactionalId, reason, firstSendError == null ? "" : " (first send error: " + firstSendError + ")");
        throw new TransactionStoppedException("transaction aborted: " + reason, cause);
    }
}
