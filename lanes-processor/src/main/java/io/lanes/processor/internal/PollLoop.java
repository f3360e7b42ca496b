package io.lanes.processor.internal;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one thread that owns the consumer: it polls, hands fetched records to their partitions
 * (which release what may run to the {@link Dispatcher}), pauses and resumes partitions for
 * backpressure, commits on the interval, and runs the rebalance callbacks.
 *
 * <p>On revocation the revoked partitions stop dispatching, the handlers still running on them
 * may finish (up to the drain timeout), exactly what completed is committed synchronously, and
 * only then does the callback return and the partition go. Lost partitions are dropped without a
 * commit. {@link #close} does the same for every partition and closes the consumer.
 *
 * <p>Commits go through the {@link OffsetCommitter}: plain consumer commits, or transactions with
 * the records' outputs. When the transactions stop (fenced, aborted) the loop stops and drops every
 * partition without committing.
 *
 * <p>Thread-safety: {@link #run} on its own thread; {@link #close} from any thread.
 */
public final class PollLoop implements Runnable, ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Collection<String> subscription;
    private final AssignedPartitions partitions;
    private final Dispatcher dispatcher;
    private final OffsetCommitter committer;
    private final ProcessorMetrics metrics;
    private final long commitIntervalMs;
    private final long drainTimeoutMs;
    private final Duration pollTimeout;
    private final List<WorkItem> released = new ArrayList<>();
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private volatile Throwable failure;
    private long nextCommitMillis;

    public PollLoop(Consumer<byte[], byte[]> consumer, Collection<String> subscription, AssignedPartitions partitions,
                    Dispatcher dispatcher, OffsetCommitter committer, ProcessorMetrics metrics,
                    long commitIntervalMs, long drainTimeoutMs) {
        this.consumer = consumer;
        this.subscription = List.copyOf(subscription);
        this.partitions = partitions;
        this.dispatcher = dispatcher;
        this.committer = committer;
        this.metrics = metrics;
        this.commitIntervalMs = commitIntervalMs;
        this.drainTimeoutMs = drainTimeoutMs;
        this.pollTimeout = Duration.ofMillis(Math.max(1, Math.min(100, commitIntervalMs)));
    }

    @Override
    public void run() {
        try {
            committer.start();
            consumer.subscribe(subscription, this);
            nextCommitMillis = System.currentTimeMillis() + commitIntervalMs;
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(pollTimeout);
                } catch (WakeupException e) {
                    continue; // close() woke us
                }
                hand(records);
                long now = System.currentTimeMillis();
                partitions.applyBackpressure(now);
                if (now >= nextCommitMillis) {
                    committer.commitChanged(partitions);
                    nextCommitMillis = now + commitIntervalMs;
                }
            }
            // the drain timeout bounds the wait for running handlers here too, so the final commit and the
            // consumer's leave still fit in what is left of the close timeout
            release(partitions.all(), Math.min(closeDeadlineNanos, System.nanoTime() + drainTimeoutMs * 1_000_000));
        } catch (Throwable e) {
            failure = e;
            LOG.error("The processor's poll loop stopped: {}", e.toString(), e);
            if (!committer.canCommit()) {
                // nothing may be committed any more: drop every partition so closing the consumer commits nothing
                List<PartitionState> dropped = partitions.revoke(partitions.all());
                dropped.forEach(PartitionState::markReleased);
                partitions.remove(partitions.all());
            }
        } finally {
            try {
                long left = Math.max(0, closeDeadlineNanos - System.nanoTime());
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofNanos(left)));
            } catch (RuntimeException e) {
                LOG.warn("Closing the consumer failed: {}", e.toString());
            }
        }
    }

    /** Asks the loop to stop: release every partition (committing what completed) by the deadline. */
    public void close(long deadlineNanos) {
        closeDeadlineNanos = deadlineNanos;
        closing = true;
        consumer.wakeup();
    }

    /** The error that stopped the loop, or null. */
    public Throwable failure() {
        return failure;
    }

    private void hand(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (TopicPartition partition : records.partitions()) {
            PartitionState state = partitions.get(partition);
            if (state == null) {
                continue;
            }
            int skipped = state.receive(records.records(partition), now, released);
            metrics.skipped(partition.topic(), skipped);
        }
        dispatcher.submitAll(released);
        released.clear();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        partitions.assign(assigned);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (!revoked.isEmpty()) {
            release(revoked, System.nanoTime() + drainTimeoutMs * 1_000_000);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        List<PartitionState> states = partitions.revoke(lost);
        LOG.warn("Partitions lost, dropped without commit: {}", lost);
        try {
            committer.lost(states);
        } finally {
            partitions.remove(lost);
        }
    }

    /** Stops dispatching, lets running handlers finish by the deadline, commits what completed, forgets the partitions. */
    private void release(Collection<TopicPartition> toRelease, long deadlineNanos) {
        List<PartitionState> states = partitions.revoke(toRelease);
        try {
            if (!committer.canCommit()) {
                states.forEach(PartitionState::markReleased);
                return;
            }
            for (PartitionState state : states) {
                try {
                    if (!state.awaitIdle(deadlineNanos)) {
                        LOG.warn("Handlers of {} still running at the drain deadline: their records are not committed "
                                + "and will be processed again by the next owner", state.topicPartition());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                committer.commitReleasing(partitions, states);
            } catch (TransactionStoppedException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("Final commit of {} failed; their records since the last commit will be processed again: {}",
                        toRelease, e.toString());
            }
        } finally {
            partitions.remove(toRelease);
        }
    }
}
