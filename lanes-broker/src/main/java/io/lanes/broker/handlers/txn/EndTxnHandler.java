package io.lanes.broker.handlers.txn;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;

import java.util.concurrent.CompletableFuture;

/**
 * EndTxn v0-v5: commits or aborts; answered once the markers are written. v5 is transaction version 2, as Kafka
 * reads it: the epoch is bumped and the answer carries the producer id and epoch of the next transaction.
 */
final class EndTxnHandler implements ApiHandler<EndTxnRequestData> {
    static final short MAX_VERSION = 5;
    private static final short TRANSACTION_VERSION_2 = 5;

    private final TransactionCoordinator coordinator;

    EndTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<EndTxnResponseData> handle(RequestContext context, EndTxnRequestData request) {
        short clientVersion = context.apiVersion() >= TRANSACTION_VERSION_2
                ? TransactionCoordinator.CLIENT_VERSION_2 : TransactionCoordinator.CLIENT_VERSION_1;
        return coordinator.endTransaction(request.transactionalId(), request.producerId(), request.producerEpoch(),
                        request.committed(), clientVersion)
                .thenApply(result -> new EndTxnResponseData()
                        .setErrorCode(TxnErrors.forVersion(result.error(), context.apiVersion()).code())
                        .setProducerId(result.producerId())
                        .setProducerEpoch(result.producerEpoch()));
    }
}
