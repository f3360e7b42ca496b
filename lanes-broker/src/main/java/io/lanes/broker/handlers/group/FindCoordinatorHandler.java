package io.lanes.broker.handlers.group;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator: this broker coordinates every group. One key up to v3, a batch of keys from
 * v4. Transaction (and share) coordinators do not exist yet: COORDINATOR_NOT_AVAILABLE, which
 * clients retry; an unknown key type is INVALID_REQUEST. The first group lookup creates
 * {@code __consumer_offsets}, as in Kafka.
 */
final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequestData> {
    private static final short BATCHED_VERSION = 4;

    private final BrokerServices broker;
    private final OffsetsTopicLog offsetsTopic;

    FindCoordinatorHandler(BrokerServices broker, OffsetsTopicLog offsetsTopic) {
        this.broker = broker;
        this.offsetsTopic = offsetsTopic;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponseData> handle(RequestContext context, FindCoordinatorRequestData request) {
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= BATCHED_VERSION) {
            for (String key : request.coordinatorKeys()) {
                response.coordinators().add(find(key, request.keyType()));
            }
        } else {
            Coordinator found = find(request.key(), request.keyType());
            response.setErrorCode(found.errorCode())
                    .setErrorMessage(found.errorMessage())
                    .setNodeId(found.nodeId())
                    .setHost(found.host())
                    .setPort(found.port());
        }
        return CompletableFuture.completedFuture(response);
    }

    private Coordinator find(String key, byte keyType) {
        Coordinator coordinator = new Coordinator().setKey(key);
        Errors error;
        if (keyType == CoordinatorType.GROUP.id()) {
            offsetsTopic.ensureCreated();
            return coordinator.setNodeId(broker.nodeId()).setHost(broker.advertisedHost()).setPort(broker.advertisedPort());
        } else if (keyType == CoordinatorType.TRANSACTION.id() || keyType == CoordinatorType.SHARE.id()) {
            error = Errors.COORDINATOR_NOT_AVAILABLE;
        } else {
            error = Errors.INVALID_REQUEST;
        }
        return coordinator.setNodeId(-1).setHost("").setPort(-1).setErrorCode(error.code()).setErrorMessage(error.message());
    }
}
