package io.lanes.broker.handlers.txn;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;

import java.util.concurrent.CompletableFuture;

/** EndTxn v0-v4: commits or aborts; answered once the markers are written. */
final class EndTxnHandler implements ApiHandler<EndTxnRequestData> {
    /** v5 belongs to transaction version 2 (the epoch is bumped on every commit), which Lanes does not offer. */
    static final short MAX_VERSION = 4;

    private final TransactionCoordinator coordinator;

    EndTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<EndTxnResponseData> handle(RequestContext context, EndTxnRequestData request) {
        return coordinator.endTransaction(request.transactionalId(), request.producerId(), request.producerEpoch(),
                        request.committed())
                .thenApply(error -> new EndTxnResponseData()
                        .setErrorCode(TxnErrors.forVersion(error, context.apiVersion()).code()));
    }
}
