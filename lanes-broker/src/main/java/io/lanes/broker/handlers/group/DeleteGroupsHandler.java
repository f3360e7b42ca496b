package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;

import java.util.concurrent.CompletableFuture;

/** DeleteGroups: Empty groups and their offsets; NON_EMPTY_GROUP for groups with members. */
final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequestData> {
    private final GroupCoordinator coordinator;

    DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<DeleteGroupsResponseData> handle(RequestContext context, DeleteGroupsRequestData request) {
        return coordinator.deleteGroups(request);
    }
}
