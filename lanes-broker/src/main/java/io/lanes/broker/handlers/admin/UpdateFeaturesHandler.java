package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.Features;
import org.apache.kafka.common.message.UpdateFeaturesRequestData;
import org.apache.kafka.common.message.UpdateFeaturesResponseData;
import org.apache.kafka.common.message.UpdateFeaturesResponseData.UpdatableFeatureResult;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * UpdateFeatures (v0-v2), as Kafka's KRaft controller answers it: all updates are checked first and applied
 * together (durably) or not at all; {@code validateOnly} (v1+) only checks. v0's {@code allowDowngrade} is a safe
 * downgrade. A failure is INVALID_UPDATE_VERSION with Kafka's message, as the top-level error and, up to v1, as
 * the result of every requested feature.
 */
public final class UpdateFeaturesHandler implements ApiHandler<UpdateFeaturesRequestData> {
    private static final short UPGRADE_TYPE_VERSION = 1;
    private static final short RESULTS_LAST_VERSION = 1;

    private final Features features;

    public UpdateFeaturesHandler(Features features) {
        this.features = features;
    }

    @Override
    public CompletableFuture<UpdateFeaturesResponseData> handle(RequestContext context,
                                                               UpdateFeaturesRequestData request) {
        Map<String, Map.Entry<Short, Features.UpgradeType>> updates = new LinkedHashMap<>();
        for (UpdateFeaturesRequestData.FeatureUpdateKey update : request.featureUpdates()) {
            Features.UpgradeType type = context.apiVersion() >= UPGRADE_TYPE_VERSION
                    ? Features.UpgradeType.fromId(update.upgradeType())
                    : update.allowDowngrade() ? Features.UpgradeType.SAFE_DOWNGRADE : Features.UpgradeType.UPGRADE;
            updates.put(update.feature(), new AbstractMap.SimpleImmutableEntry<>(update.maxVersionLevel(), type));
        }
        Features.Result result = features.update(updates, request.validateOnly());
        UpdateFeaturesResponseData response = new UpdateFeaturesResponseData()
                .setErrorCode(result.error().code())
                .setErrorMessage(result.message());
        if (context.apiVersion() <= RESULTS_LAST_VERSION) {
            updates.keySet().forEach(name -> response.results().add(new UpdatableFeatureResult()
                    .setFeature(name).setErrorCode(result.error().code()).setErrorMessage(result.message())));
        }
        return CompletableFuture.completedFuture(response);
    }
}
