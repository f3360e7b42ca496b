package io.lanes.processor.internal;

import java.util.List;

/**
 * Commits what completed: {@link ConsumerOffsetCommitter} through the consumer, or
 * {@link TransactionalCommitter} in a producer transaction with the records' outputs.
 *
 * <p>Called only from the poll thread.
 */
public interface OffsetCommitter {

    /** Prepares, before the consumer subscribes (the transactional one initializes its producer). */
    default void start() {
    }

    /** Commits, on the commit interval, the partitions whose completion changed since their last commit. */
    void commitChanged(AssignedPartitions partitions);

    /**
     * Commits before {@code releasing} (already revoked, their handlers drained) are released, and
     * waits for the commit. The releasing partitions must not take outputs afterwards.
     *
     * @throws TransactionStoppedException when the transactions failed: the processor must stop
     * @throws RuntimeException            when the commit failed otherwise (logged by the caller)
     */
    void commitReleasing(AssignedPartitions partitions, List<PartitionState> releasing);

    /**
     * Partitions were lost (another member may own them already): nothing of theirs may be committed.
     *
     * @throws TransactionStoppedException when a transaction holding their outputs had to be aborted
     */
    default void lost(List<PartitionState> lost) {
        lost.forEach(PartitionState::markReleased);
    }

    /** Whether commits are still possible; false once the transactions stopped. */
    default boolean canCommit() {
        return true;
    }

    /** Releases the committer's resources (the transactional producer). */
    default void close(java.time.Duration timeout) {
    }
}
