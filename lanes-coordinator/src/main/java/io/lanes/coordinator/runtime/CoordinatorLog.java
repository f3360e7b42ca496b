package io.lanes.coordinator.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a coordinator writes its records: the partitions of its internal topic. The broker
 * implements it on top of the partition logs.
 *
 * <p>Implementations are thread-safe. A coordinator calls {@link #append} while holding the
 * lock of the shard that owns {@code partition}, so records of one partition are appended in
 * the order the shard replays them. (The transaction coordinator, whose records are independent per key,
 * appends outside its lock and keeps the records of each key in replay order itself.)
 */
public interface CoordinatorLog {
    /**
     * Appends the records to one partition, all or none, and returns a future that completes
     * once they are durable (acks=all) or fails if they cannot be made durable.
     *
     * @throws RuntimeException if the append itself fails; then nothing was appended
     */
    CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records);

    /**
     * Like {@link #append}, but as one transactional batch of the producer: the records take effect when the
     * transaction's commit marker is written to the partition, and never if it aborts.
     */
    CompletableFuture<Void> appendTransactional(int partition, long producerId, short producerEpoch,
                                                List<CoordinatorRecord> records);

    /**
     * Appends the commit or abort marker of a producer's transaction (a control batch) to one partition. The
     * coordinator calls it under the shard lock, like {@link #append}, so the marker takes its place in the same
     * order as the shard's own records and replay sees what the log holds.
     *
     * @param coordinatorEpoch the epoch of the transaction coordinator writing the marker
     * @return completes once the marker is durable
     * @throws RuntimeException if the log refuses the marker (e.g. an older producer or coordinator epoch);
     *                          then nothing was appended
     */
    CompletableFuture<Void> appendMarker(int partition, long producerId, short producerEpoch, boolean commit,
                                         int coordinatorEpoch);
}
