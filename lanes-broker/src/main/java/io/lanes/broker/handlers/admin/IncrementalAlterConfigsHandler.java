package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.protocol.Errors;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.requests.ApiError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * IncrementalAlterConfigs (KIP-339) for TOPIC and BROKER resources, as Kafka: per config SET,
 * DELETE (back to the default), APPEND and SUBTRACT (LIST configs such as
 * {@code cleanup.policy}: items are added if absent, removed if present, starting from the
 * default when the config is not set). APPEND or SUBTRACT on a config that is not a list is
 * INVALID_CONFIG ("Can't APPEND to key ... because its type is not LIST." for topics, "Config
 * value append is not allowed for config key: ..." for brokers); an unknown operation
 * INVALID_REQUEST. Everything else — duplicates, names, validation, persistence — is
 * {@link ConfigUpdates}. A resource either changes as a whole or not at all; results follow the
 * request order.
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler<IncrementalAlterConfigsRequestData> {
    private final ConfigUpdates updates;

    public IncrementalAlterConfigsHandler(ConfigUpdates updates) {
        this.updates = updates;
    }

    @Override
    public CompletableFuture<IncrementalAlterConfigsResponseData> handle(RequestContext context,
                                                                        IncrementalAlterConfigsRequestData request) {
        List<AlterConfigsResource> resources = new ArrayList<>(request.resources());
        Set<Integer> duplicates = ConfigUpdates.duplicateResources(resources,
                r -> List.of(r.resourceType(), r.resourceName()));
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
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
                    List<Op> ops = ops(resource);
                    error = updates.alter(resource.resourceType(), resource.resourceName(),
                            (current, definition, topic) -> apply(ops, current, definition, topic),
                            request.validateOnly(), true);
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

    private record Op(String name, OpType type, String value) {
    }

    private static List<Op> ops(AlterConfigsResource resource) {
        List<String> names = new ArrayList<>();
        List<String> nulls = new ArrayList<>();
        for (AlterableConfig config : resource.configs()) {
            names.add(config.name());
            if (config.configOperation() != OpType.DELETE.id() && config.value() == null) {
                nulls.add(config.name());
            }
        }
        ConfigUpdates.checkNamesAndValues(names, nulls);
        List<Op> ops = new ArrayList<>();
        for (AlterableConfig config : resource.configs()) {
            OpType type = OpType.forId(config.configOperation());
            if (type == null) {
                throw new InvalidRequestException("Unknown operations type " + config.configOperation());
            }
            ops.add(new Op(config.name(), type, config.value()));
        }
        return ops;
    }

    private static Map<String, String> apply(List<Op> ops, Map<String, String> configs, ConfigDef definition,
                                             boolean topic) {
        for (Op op : ops) {
            switch (op.type()) {
                case SET -> configs.put(op.name(), op.value());
                case DELETE -> configs.remove(op.name());
                case APPEND, SUBTRACT -> {
                    ConfigDef.ConfigKey key = definition.configKeys().get(op.name());
                    checkList(op, key, topic);
                    List<String> items = ConfigUpdates.listItems(configs.get(op.name()), key);
                    for (String item : op.value().split(",")) {
                        if (op.type() == OpType.SUBTRACT) {
                            items.remove(item);
                        } else if (!items.contains(item)) {
                            items.add(item);
                        }
                    }
                    configs.put(op.name(), String.join(",", items));
                }
            }
        }
        return configs;
    }

    private static void checkList(Op op, ConfigDef.ConfigKey key, boolean topic) {
        if (key != null && key.type == ConfigDef.Type.LIST) {
            return;
        }
        if (topic) {
            throw new InvalidConfigurationException("Can't " + op.type() + " to key " + op.name()
                    + " because its type is not LIST.");
        }
        if (key == null) {
            throw new InvalidConfigurationException("Unknown config name: " + op.name());
        }
        throw new InvalidConfigurationException("Config value " + op.type().name().toLowerCase(java.util.Locale.ROOT)
                + " is not allowed for config key: " + op.name());
    }
}
