package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.protocol.Errors;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.requests.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * AlterConfigs, the legacy (deprecated in Kafka) API: the configs given replace every config
 * the resource sets, so a config left out goes back to its default. TOPIC and BROKER resources
 * only (BROKER_LOGGER is INVALID_REQUEST "Unknown resource type 8", as Kafka); the checks,
 * errors and persistence are {@link ConfigUpdates}. Results follow the request order.
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequestData> {
    private final ConfigUpdates updates;

    public AlterConfigsHandler(ConfigUpdates updates) {
        this.updates = updates;
    }

    @Override
    public CompletableFuture<AlterConfigsResponseData> handle(RequestContext context, AlterConfigsRequestData request) {
        List<AlterConfigsResource> resources = new ArrayList<>(request.resources());
        Set<Integer> duplicates = ConfigUpdates.duplicateResources(resources,
                r -> List.of(r.resourceType(), r.resourceName()));
        AlterConfigsResponseData response = new AlterConfigsResponseData();
        for (int i = 0; i < resources.size(); i++) {
            AlterConfigsResource resource = resources.get(i);
            ApiError error;
            Errors refused = ConfigAuthorization.refusal(updates.authorizer(), context, resource.resourceType(),
                    resource.resourceName(), true);
            if (duplicates.contains(i)) {
                error = ConfigUpdates.duplicateResourceError();
            } else if (refused != null) {
                error = new ApiError(refused, null);
            } else {
                try {
                    error = updates.alter(resource.resourceType(), resource.resourceName(),
                            ConfigUpdates.replaceAll(configs(resource)), request.validateOnly(), false);
                } catch (ApiException e) {
                    error = ApiError.fromThrowable(e);
                }
            }
            response.responses().add(new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName())
                    .setErrorCode(error.error().code())
                    .setErrorMessage(error.message()));
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Map<String, String> configs(AlterConfigsResource resource) {
        List<String> names = new ArrayList<>();
        List<String> nulls = new ArrayList<>();
        Map<String, String> configs = new LinkedHashMap<>();
        for (AlterableConfig config : resource.configs()) {
            names.add(config.name());
            if (config.value() == null) {
                nulls.add(config.name());
            }
            configs.put(config.name(), config.value());
        }
        ConfigUpdates.checkNamesAndValues(names, nulls);
        return configs;
    }
}
