package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;

import java.util.concurrent.CompletableFuture;

/** Heartbeat: renews the member's session; REBALANCE_IN_PROGRESS asks it to rejoin. */
final class HeartbeatHandler implements ApiHandler<HeartbeatRequestData> {
    private final GroupCoordinator coordinator;

    HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<HeartbeatResponseData> handle(RequestContext context, HeartbeatRequestData request) {
        return CompletableFuture.completedFuture(coordinator.heartbeat(GroupRequests.info(context), request));
    }
}
