package io.lanes.broker.handlers.txn;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.lanes.broker.security.acl.AclAuthorizer;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.txn.TransactionCoordinator;
import io.lanes.coordinator.txn.TransactionMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.Errors;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** DescribeTransactions: state, timeout, start time, producer and partitions of each transactional id. */
final class DescribeTransactionsHandler implements ApiHandler<DescribeTransactionsRequestData> {
    private final TransactionCoordinator coordinator;

    private final AclAuthorizer authorizer;

    DescribeTransactionsHandler(TransactionCoordinator coordinator, AclAuthorizer authorizer) {
        this.authorizer = authorizer;
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<DescribeTransactionsResponseData> handle(RequestContext context,
                                                                      DescribeTransactionsRequestData request) {
        DescribeTransactionsResponseData response = new DescribeTransactionsResponseData();
        for (String id : request.transactionalIds()) {
            // As Kafka: DESCRIBE on the transactional id.
            response.transactionStates().add(id != null && !id.isEmpty()
                    && !authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, id)
                    ? new TransactionState().setTransactionalId(id)
                            .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                    : describe(id));
        }
        return CompletableFuture.completedFuture(response);
    }

    private TransactionState describe(String transactionalId) {
        TransactionState state = new TransactionState().setTransactionalId(transactionalId);
        if (transactionalId == null || transactionalId.isEmpty()) {
            return state.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        Optional<TransactionMetadata> found = coordinator.describe(transactionalId);
        if (found.isEmpty()) {
            return state.setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        }
        TransactionMetadata txn = found.get();
        state.setTransactionState(txn.state().kafkaName())
                .setTransactionTimeoutMs(txn.timeoutMs())
                .setTransactionStartTimeMs(txn.startTimestampMs())
                .setProducerId(txn.producerId())
                .setProducerEpoch(txn.producerEpoch());
        for (TopicPartition tp : txn.partitions()) {
            TopicData topic = state.topics().find(tp.topic());
            if (topic == null) {
                topic = new TopicData().setTopic(tp.topic());
                state.topics().add(topic);
            }
            topic.partitions().add(tp.partition());
        }
        return state;
    }
}
