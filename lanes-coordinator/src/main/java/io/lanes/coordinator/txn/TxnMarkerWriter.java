package io.lanes.coordinator.txn;

import org.apache.kafka.common.TopicPartition;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the commit or abort marker of one transaction to its partitions. The broker implements it with
 * control batches appended to the partition logs (markers in {@code __consumer_offsets} go through the group
 * coordinator, which settles the transaction's offsets). The transaction coordinator never calls it while holding
 * its lock.
 *
 * <p>Implementations are thread-safe and must not call back into the transaction coordinator.
 */
public interface TxnMarkerWriter {
    /**
     * @return completes once every marker is durable; partitions that no longer exist are skipped
     */
    CompletableFuture<Void> writeMarkers(long producerId, short producerEpoch, boolean commit,
                                         Set<TopicPartition> partitions);
}
