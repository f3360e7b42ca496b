package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;

import java.util.concurrent.CompletableFuture;

/** JoinGroup: parked until the join phase of the rebalance completes; see {@code ClassicJoins}. */
final class JoinGroupHandler implements ApiHandler<JoinGroupRequestData> {
    private final GroupCoordinator coordinator;

    JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<JoinGroupResponseData> handle(RequestContext context, JoinGroupRequestData request) {
        return coordinator.joinGroup(GroupRequests.info(context), request);
    }
}
