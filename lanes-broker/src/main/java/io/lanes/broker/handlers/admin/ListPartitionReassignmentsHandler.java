package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * ListPartitionReassignments, as Kafka's controller answers it: only partitions being reassigned
 * are listed, and a single node never reassigns one, so the list is empty whatever was asked for
 * (all partitions, given ones, or unknown topics, which Kafka leaves out silently). Stateless.
 */
public final class ListPartitionReassignmentsHandler implements ApiHandler<ListPartitionReassignmentsRequestData> {
    @Override
    public CompletableFuture<ListPartitionReassignmentsResponseData> handle(RequestContext context,
                                                                           ListPartitionReassignmentsRequestData request) {
        return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setErrorMessage(null));
    }
}
