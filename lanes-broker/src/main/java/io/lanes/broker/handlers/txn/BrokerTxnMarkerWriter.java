package io.lanes.broker.handlers.txn;

import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.txn.TxnMarkerWriter;
import io.lanes.storage.AppendOrigin;
import io.lanes.storage.AppendResult;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Writes transaction markers as control batches into the partition logs (what WriteTxnMarkers does between
 * Kafka brokers), with coordinator epoch 0: a single node has one coordinator. A marker in
 * {@code __consumer_offsets} also settles the transaction's pending offsets in the group coordinator.
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
        EndTransactionMarker marker = new EndTransactionMarker(
                commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, COORDINATOR_EPOCH);
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        try {
            for (TopicPartition tp : partitions) {
                Optional<PartitionLog> log = topics.partition(tp);
                if (log.isEmpty()) {
                    continue; // the topic was deleted during the transaction
                }
                MemoryRecords records = MemoryRecords.withEndTransactionMarker(System.currentTimeMillis(),
                        producerId, producerEpoch, marker);
                AppendResult result = log.get().append(records, AppendOrigin.COORDINATOR);
                if (tp.topic().equals(Topic.GROUP_METADATA_TOPIC_NAME)) {
                    groups.onTransactionMarker(tp.partition(), producerId, commit);
                }
                durable.add(log.get().awaitDurable(result.lastOffset() + 1));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new));
    }
}
