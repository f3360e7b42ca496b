package io.lanes.broker.handlers;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId for idempotent producers: every call gets a new producer id with epoch 0, as
 * Kafka does without a transactional id (ids are never reused, even across crashes).
 * An empty transactional id is INVALID_REQUEST, as in Kafka. Transactional ids are not served
 * yet: such requests get COORDINATOR_NOT_AVAILABLE.
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData> {
    private final BrokerServices broker;

    public InitProducerIdHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(RequestContext context,
                                                                InitProducerIdRequestData request) {
        InitProducerIdResponseData response = new InitProducerIdResponseData().setProducerId(-1).setProducerEpoch((short) -1);
        if (request.transactionalId() != null && request.transactionalId().isEmpty()) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
        return CompletableFuture.completedFuture(response
                .setProducerId(broker.producerIds().nextProducerId())
                .setProducerEpoch((short) 0));
    }
}
