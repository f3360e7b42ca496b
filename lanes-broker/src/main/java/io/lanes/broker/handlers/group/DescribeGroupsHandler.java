package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;

import java.util.concurrent.CompletableFuture;

/** DescribeGroups: unknown groups are Dead (with GROUP_ID_NOT_FOUND from v6). */
final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequestData> {
    private final GroupCoordinator coordinator;

    DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<DescribeGroupsResponseData> handle(RequestContext context, DescribeGroupsRequestData request) {
        return CompletableFuture.completedFuture(coordinator.describeGroups(GroupRequests.info(context), request));
    }
}
