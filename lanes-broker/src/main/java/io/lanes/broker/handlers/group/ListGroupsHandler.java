package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;

import java.util.concurrent.CompletableFuture;

/** ListGroups with the state (v4+) and type (v5+) filters. */
final class ListGroupsHandler implements ApiHandler<ListGroupsRequestData> {
    private final GroupCoordinator coordinator;

    ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        return CompletableFuture.completedFuture(coordinator.listGroups(request));
    }
}
