package io.lanes.broker.telemetry;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsRequestData;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsResponseData;

import java.util.concurrent.CompletableFuture;

/** GetTelemetrySubscriptions (KIP-714); see {@link TelemetryRequests}. Thread-safe. */
public final class GetTelemetrySubscriptionsHandler implements ApiHandler<GetTelemetrySubscriptionsRequestData> {
    private final TelemetryRequests requests;

    GetTelemetrySubscriptionsHandler(TelemetryRequests requests) {
        this.requests = requests;
    }

    @Override
    public CompletableFuture<GetTelemetrySubscriptionsResponseData> handle(RequestContext context,
                                                                          GetTelemetrySubscriptionsRequestData request) {
        return CompletableFuture.completedFuture(requests.get(context, request));
    }
}
