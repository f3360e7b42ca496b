package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;

import java.util.concurrent.CompletableFuture;

/** LeaveGroup: one member (v0-v2) or a batch of members and static instances (v3+). */
final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequestData> {
    private final GroupCoordinator coordinator;

    LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<LeaveGroupResponseData> handle(RequestContext context, LeaveGroupRequestData request) {
        return CompletableFuture.completedFuture(coordinator.leaveGroup(GroupRequests.info(context), request));
    }
}
