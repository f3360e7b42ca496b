package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;

import java.util.concurrent.CompletableFuture;

/** SyncGroup: followers wait for the leader's assignment; see {@code ClassicMembers}. */
final class SyncGroupHandler implements ApiHandler<SyncGroupRequestData> {
    private final GroupCoordinator coordinator;

    SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<SyncGroupResponseData> handle(RequestContext context, SyncGroupRequestData request) {
        return coordinator.syncGroup(GroupRequests.info(context), request);
    }
}
