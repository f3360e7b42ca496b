package io.lanes.broker.handlers.txn;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId. Without a transactional id (idempotent producers) every call gets a new producer id with
 * epoch 0, as in Kafka (ids are never reused, even across crashes). With one, the transaction coordinator
 * assigns the id and epoch and fences the previous instance. An empty transactional id is INVALID_REQUEST.
 */
final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData> {
    /** PRODUCER_FENCED is known to clients from InitProducerId v4. */
    private static final short PRODUCER_FENCED_VERSION = 4;

    private final BrokerServices broker;
    private final TransactionCoordinator coordinator;

    InitProducerIdHandler(BrokerServices broker, TransactionCoordinator coordinator) {
        this.broker = broker;
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(RequestContext context,
                                                                InitProducerIdRequestData request) {
        if (request.transactionalId() == null) {
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                    .setProducerId(broker.producerIds().nextProducerId())
                    .setProducerEpoch((short) 0));
        }
        return coordinator.initProducerId(request.transactionalId(), request.transactionTimeoutMs(),
                        request.producerId(), request.producerEpoch())
                .thenApply(result -> new InitProducerIdResponseData()
                        .setErrorCode(TxnErrors.forVersion(result.error(), context.apiVersion(), PRODUCER_FENCED_VERSION).code())
                        .setProducerId(result.producerId())
                        .setProducerEpoch(result.producerEpoch()));
    }
}
