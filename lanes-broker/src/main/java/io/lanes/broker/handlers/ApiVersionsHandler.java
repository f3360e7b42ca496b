package io.lanes.broker.handlers;

import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.ClusterIdentity;
import io.lanes.broker.metadata.Features;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * ApiVersions: advertises exactly the APIs and versions registered in the dispatcher and, from v3, the supported
 * and finalized features as a Kafka KRaft broker does (features whose level is 0 are not finalized; a finalized
 * feature reports its level as both min and max level).
 *
 * <p>Refusals answer as Kafka's {@code ApiVersionsRequest.getErrorResponse}: an error code and
 * nothing else. INVALID_REQUEST for a malformed v3+ request (KIP-511 software name and version; from
 * v5, a cluster id without a node id or the reverse); from v5 (KIP-1242), REBOOTSTRAP_REQUIRED when
 * the client names a cluster id and node id that are not this broker's, so a client that kept a
 * stale address of another cluster or node bootstraps again instead of talking to the wrong one.
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequestData> {
    private static final short FEATURES_VERSION = 3;
    private static final short TARGET_CHECK_VERSION = 5;
    private static final int NO_NODE_ID = -1;

    private final ApiDispatcher dispatcher;
    private final Features features;
    private final ClusterIdentity identity;

    public ApiVersionsHandler(ApiDispatcher dispatcher, Features features, ClusterIdentity identity) {
        this.dispatcher = dispatcher;
        this.features = features;
        this.identity = identity;
    }

    @Override
    public CompletableFuture<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        short version = context.apiVersion();
        if (version >= 3 && !(validSoftware(request) && validTarget(version, request))) {
            return CompletableFuture.completedFuture(refusal(Errors.INVALID_REQUEST));
        }
        if (version >= TARGET_CHECK_VERSION && request.clusterId() != null
                && !(request.clusterId().equals(identity.clusterId()) && request.nodeId() == identity.nodeId())) {
            return CompletableFuture.completedFuture(refusal(Errors.REBOOTSTRAP_REQUIRED));
        }
        ApiVersionsResponseData response = new ApiVersionsResponseData()
                .setApiKeys(dispatcher.apiVersions())
                .setThrottleTimeMs(0);
        if (version >= FEATURES_VERSION) {
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

    private static ApiVersionsResponseData refusal(Errors error) {
        return new ApiVersionsResponseData().setErrorCode(error.code()).setThrottleTimeMs(0);
    }

    /** KIP-1242: from v5, a cluster id and a node id come together or not at all. */
    private static boolean validTarget(short version, ApiVersionsRequestData request) {
        return version < TARGET_CHECK_VERSION || (request.clusterId() == null) == (request.nodeId() == NO_NODE_ID);
    }

    /** KIP-511: client software name and version must be non-empty and of a safe alphabet. */
    private static boolean validSoftware(ApiVersionsRequestData request) {
        return valid(request.clientSoftwareName()) && valid(request.clientSoftwareVersion());
    }

    private static boolean valid(String value) {
        return value != null && value.matches("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    }
}
