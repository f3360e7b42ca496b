package io.lanes.broker.telemetry;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.PushTelemetryRequestData;
import org.apache.kafka.common.message.PushTelemetryResponseData;

import java.util.concurrent.CompletableFuture;

/**
 * PushTelemetry (KIP-714); see {@link TelemetryRequests}. The payload is decoded before
 * {@code handle} returns, as the request may share the network buffer. Thread-safe.
 */
public final class PushTelemetryHandler implements ApiHandler<PushTelemetryRequestData> {
    private final TelemetryRequests requests;

    PushTelemetryHandler(TelemetryRequests requests) {
        this.requests = requests;
    }

    @Override
    public CompletableFuture<PushTelemetryResponseData> handle(RequestContext context, PushTelemetryRequestData request) {
        return CompletableFuture.completedFuture(requests.push(context, request));
    }
}
