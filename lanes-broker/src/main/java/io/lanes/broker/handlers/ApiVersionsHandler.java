package io.lanes.broker.handlers;

import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.Features;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * ApiVersions: advertises exactly the APIs and versions registered in the dispatcher and, from v3, the supported
 * and finalized features as a Kafka KRaft broker does (features whose level is 0 are not finalized; a finalized
 * feature reports its level as both min and max level).
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequestData> {
    private static final short FEATURES_VERSION = 3;

    private final ApiDispatcher dispatcher;
    private final Features features;

    public ApiVersionsHandler(ApiDispatcher dispatcher, Features features) {
        this.dispatcher = dispatcher;
        this.features = features;
    }

    @Override
    public CompletableFuture<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        ApiVersionsResponseData response = new ApiVersionsResponseData()
                .setApiKeys(dispatcher.apiVersions())
                .setThrottleTimeMs(0);
        if (context.apiVersion() >= 3 && !validSoftware(request)) {
            response.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        if (context.apiVersion() >= FEATURES_VERSION) {
            addFeatures(response);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void addFeatures(ApiVersionsResponseData response) {
        Features.Snapshot snapshot = features.snapshot();
        snapshot.supported().forEach((name, range) -> response.supportedFeatures().add(
                new ApiVersionsResponseData.SupportedFeatureKey()
                        .setName(name).setMinVersion(range.min()).setMaxVersion(range.max())));
        snapshot.finalized().forEach((name, level) -> response.finalizedFeatures().add(
                new ApiVersionsResponseData.FinalizedFeatureKey()
                        .setName(name).setMinVersionLevel(level).setMaxVersionLevel(level)));
        response.setFinalizedFeaturesEpoch(snapshot.epoch());
    }

    /** KIP-511: client software name and version must be non-empty and of a safe alphabet. */
    private static boolean validSoftware(ApiVersionsRequestData request) {
        return valid(request.clientSoftwareName()) && valid(request.clientSoftwareVersion());
    }

    private static boolean valid(String value) {
        return value != null && value.matches("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    }
}
