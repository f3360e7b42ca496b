package io.lanes.broker.handlers.txn;

import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.txn.TxnMarkerWriter;
import io.lanes.storage.AppendOrigin;
import io.lanes.storage.AppendResult;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Writes transaction markers as control batches into the partition logs (what WriteTxnMarkers does between
 * Kafka brokers), with coordinator epoch 0: a single node has one coordinator. A marker for a partition of
 * {@code __consumer_offsets} goes through the group coordinator, which appends it and settles the transaction's
 * pending offsets under the lock of that partition's shard: the partition has one writer, so the marker and the
 * plain offset commits are in memory in the order they are in the log.
 *
 * <p>Thread-safe.
 */
final class BrokerTxnMarkerWriter implements TxnMarkerWriter {
    private static final int COORDINATOR_EPOCH = 0;

    private final TopicManager topics;
    private final GroupCoordinator groups;

    BrokerTxnMarkerWriter(TopicManager topics, GroupCoordinator groups) {
        this.topics = topics;
        this.groups = groups;
    }

    @Override
    public CompletableFuture<Void> writeMarkers(long producerId, short producerEpoch, boolean commit,
                                                Set<TopicPartition> partitions) {
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        try {
            for (TopicPartition tp : partitions) {
                // a partition whose topic was deleted during the transaction needs no marker
                topics.partition(tp).ifPresent(log ->
                        durable.add(append(log, producerId, producerEpoch, commit, COORDINATOR_EPOCH)));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new));
    }

    /**
     * Writes one marker as WriteTxnMarkers asks (Admin's abortTransaction for a hanging transaction).
     *
     * @return the error for this partition once the marker is durable (or refused)
     */
    CompletableFuture<Errors> writeMarker(TopicPartition tp, long producerId, short producerEpoch, boolean commit,
                                          int coordinatorEpoch) {
        Optional<PartitionLog> log = topics.partition(tp);
        if (log.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try {
            return append(log.get(), producerId, producerEpoch, commit, coordinatorEpoch)
                    .handle((done, error) -> error == null ? Errors.NONE : Errors.forException(error));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Errors.forException(e));
        }
    }

    private CompletableFuture<Void> append(PartitionLog log, long producerId, short producerEpoch, boolean commit,
                                           int coordinatorEpoch) {
        TopicPartition tp = log.topicPartition();
        if (tp.topic().equals(Topic.GROUP_METADATA_TOPIC_NAME)) {
            return groups.completeTransaction(tp.partition(), producerId, producerEpoch, commit, coordinatorEpoch);
        }
        EndTransactionMarker marker = new EndTransactionMarker(
                commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch);
        MemoryRecords records = MemoryRecords.withEndTransactionMarker(System.currentTimeMillis(), producerId,
                producerEpoch, marker);
        AppendResult result = log.append(records, AppendOrigin.COORDINATOR);
        return log.awaitDurable(result.lastOffset() + 1);
    }
}
