package io.lanes.broker.handlers;

import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/** ApiVersions: advertises exactly the APIs and versions registered in the dispatcher. */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequestData> {
    private final ApiDispatcher dispatcher;

    public ApiVersionsHandler(ApiDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public CompletableFuture<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        ApiVersionsResponseData response = new ApiVersionsResponseData()
                .setApiKeys(dispatcher.apiVersions())
                .setThrottleTimeMs(0);
        if (context.apiVersion() >= 3 && !validSoftware(request)) {
            response.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        return CompletableFuture.completedFuture(response);
    }

    /** KIP-511: client software name and version must be non-empty and of a safe alphabet. */
    private static boolean validSoftware(ApiVersionsRequestData request) {
        return valid(request.clientSoftwareName()) && valid(request.clientSoftwareVersion());
    }

    private static boolean valid(String value) {
        return value != null && value.matches("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    }
}
