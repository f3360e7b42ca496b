package io.lanes.broker.handlers;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.coordinator.InternalTopicLog;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator: this broker coordinates every group and every transactional id. One key up to v3, a batch
 * of keys from v4. Share groups do not exist: COORDINATOR_NOT_AVAILABLE, which clients retry; an unknown key
 * type is INVALID_REQUEST. As in Kafka, the first group lookup creates {@code __consumer_offsets} and the first
 * transaction lookup {@code __transaction_state}.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequestData> {
    private static final short BATCHED_VERSION = 4;

    private final BrokerServices broker;
    private final InternalTopicLog offsetsTopic;
    private final InternalTopicLog transactionStateTopic;

    public FindCoordinatorHandler(BrokerServices broker, InternalTopicLog offsetsTopic,
                                  InternalTopicLog transactionStateTopic) {
        this.broker = broker;
        this.offsetsTopic = offsetsTopic;
        this.transactionStateTopic = transactionStateTopic;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponseData> handle(RequestContext context, FindCoordinatorRequestData request) {
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= BATCHED_VERSION) {
            for (String key : request.coordinatorKeys()) {
                response.coordinators().add(find(context, key, request.keyType()));
            }
        } else {
            Coordinator found = find(context, request.key(), request.keyType());
            response.setErrorCode(found.errorCode())
                    .setErrorMessage(found.errorMessage())
                    .setNodeId(found.nodeId())
                    .setHost(found.host())
                    .setPort(found.port());
        }
        return CompletableFuture.completedFuture(response);
    }

    private Coordinator find(RequestContext context, String key, byte keyType) {
        Coordinator coordinator = new Coordinator().setKey(key);
        Errors error;
        // As Kafka: DESCRIBE on the group or transactional id the key names.
        if (keyType == CoordinatorType.GROUP.id()
                && !broker.authorizer().authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, key)) {
            error = Errors.GROUP_AUTHORIZATION_FAILED;
        } else if (keyType == CoordinatorType.TRANSACTION.id()
                && !broker.authorizer().authorize(context, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, key)) {
            error = Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        } else if (keyType == CoordinatorType.GROUP.id() || keyType == CoordinatorType.TRANSACTION.id()) {
            (keyType == CoordinatorType.GROUP.id() ? offsetsTopic : transactionStateTopic).ensureCreated();
            return coordinator.setNodeId(broker.nodeId()).setHost(context.advertisedHost(broker.advertisedHost()))
                    .setPort(context.advertisedPort(broker.advertisedPort()));
        } else if (keyType == CoordinatorType.SHARE.id()) {
            error = Errors.COORDINATOR_NOT_AVAILABLE;
        } else {
            error = Errors.INVALID_REQUEST;
        }
        return coordinator.setNodeId(-1).setHost("").setPort(-1).setErrorCode(error.code()).setErrorMessage(error.message());
    }
}
