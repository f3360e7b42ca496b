package io.lanes.broker.handlers.txn;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.coordinator.InternalTopicLog;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** AddOffsetsToTxn: adds the group's partition of {@code __consumer_offsets} to the transaction. */
final class AddOffsetsToTxnHandler implements ApiHandler<AddOffsetsToTxnRequestData> {
    private final TransactionCoordinator coordinator;
    private final GroupCoordinator groups;
    private final InternalTopicLog offsetsTopic;

    AddOffsetsToTxnHandler(TransactionCoordinator coordinator, GroupCoordinator groups, InternalTopicLog offsetsTopic) {
        this.coordinator = coordinator;
        this.groups = groups;
        this.offsetsTopic = offsetsTopic;
    }

    @Override
    public CompletableFuture<AddOffsetsToTxnResponseData> handle(RequestContext context, AddOffsetsToTxnRequestData request) {
        offsetsTopic.ensureCreated();
        TopicPartition offsetsPartition = new TopicPartition(offsetsTopic.topic(), groups.partitionFor(request.groupId()));
        return coordinator.addPartitions(request.transactionalId(), request.producerId(), request.producerEpoch(),
                        Set.of(offsetsPartition))
                .thenApply(error -> new AddOffsetsToTxnResponseData()
                        .setErrorCode(TxnErrors.forVersion(error, context.apiVersion()).code()));
    }
}
