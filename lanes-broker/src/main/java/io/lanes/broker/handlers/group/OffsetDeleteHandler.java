package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;

import java.util.concurrent.CompletableFuture;

/** OffsetDelete: removes committed offsets of partitions the group does not consume. */
final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequestData> {
    private final GroupCoordinator coordinator;

    OffsetDeleteHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<OffsetDeleteResponseData> handle(RequestContext context, OffsetDeleteRequestData request) {
        return coordinator.deleteOffsets(request);
    }
}
