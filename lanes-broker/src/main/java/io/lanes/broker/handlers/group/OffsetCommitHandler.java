package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;

import java.util.concurrent.CompletableFuture;

/** OffsetCommit (every version; v10 names topics by id): answered once the offsets are durable. */
final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequestData> {
    private final GroupCoordinator coordinator;

    OffsetCommitHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<OffsetCommitResponseData> handle(RequestContext context, OffsetCommitRequestData request) {
        return coordinator.commitOffsets(GroupRequests.info(context), request);
    }
}
