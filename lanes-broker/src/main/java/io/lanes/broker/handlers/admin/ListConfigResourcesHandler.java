package io.lanes.broker.handlers.admin;

import io.lanes.broker.share.GroupConfigStore;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.telemetry.ClientMetricsSubscriptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ListConfigResourcesRequestData;
import org.apache.kafka.common.message.ListConfigResourcesResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ListConfigResources (formerly ListClientMetricsResources), as Kafka 4.1's
 * {@code KafkaApis.handleListConfigResources}: the resources of the asked types that have
 * configs, all supported types when none is asked for. v0 supports CLIENT_METRICS only; v1 also
 * GROUP, BROKER_LOGGER, BROKER and TOPIC. A type the version does not support fails the whole
 * request with UNSUPPORTED_VERSION and no resources.
 *
 * <p>Resources come in Kafka's order: groups with configs (set by IncrementalAlterConfigs) by name,
 * client metrics subscriptions by name, this node as BROKER_LOGGER
 * and as BROKER, then every topic by name, internal ones included. Stateless; thread-safe.
 */
public final class ListConfigResourcesHandler implements ApiHandler<ListConfigResourcesRequestData> {
    private static final Set<Byte> V0_TYPES = Set.of(ConfigResource.Type.CLIENT_METRICS.id());
    private static final Set<Byte> V1_TYPES = Set.of(ConfigResource.Type.TOPIC.id(), ConfigResource.Type.BROKER.id(),
            ConfigResource.Type.BROKER_LOGGER.id(), ConfigResource.Type.CLIENT_METRICS.id(),
            ConfigResource.Type.GROUP.id());

    private final BrokerServices broker;
    private final ClientMetricsSubscriptions clientMetrics;
    private final GroupConfigStore groupConfigs;

    public ListConfigResourcesHandler(BrokerServices broker, ClientMetricsSubscriptions clientMetrics,
                                      GroupConfigStore groupConfigs) {
        this.broker = broker;
        this.clientMetrics = clientMetrics;
        this.groupConfigs = groupConfigs;
    }

    /** Lists the client metrics subscriptions and group configs stored in the broker's data directory. */
    public ListConfigResourcesHandler(BrokerServices broker) {
        this(broker, ClientMetricsSubscriptions.open(broker.dataDir()), GroupConfigStore.open(broker.dataDir()));
    }

    /** The resource types a version of the request may ask for (kafka-clients' {@code supportedResourceTypes}). */
    static Set<Byte> supportedTypes(short version) {
        return version == 0 ? V0_TYPES : V1_TYPES;
    }

    @Override
    public CompletableFuture<ListConfigResourcesResponseData> handle(RequestContext context,
                                                                    ListConfigResourcesRequestData request) {
        Set<Byte> supported = supportedTypes(context.apiVersion());
        List<Byte> types = request.resourceTypes().isEmpty() ? List.copyOf(supported) : request.resourceTypes();
        ListConfigResourcesResponseData response = new ListConfigResourcesResponseData().setErrorCode(Errors.NONE.code());
        if (!supported.containsAll(types)) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.UNSUPPORTED_VERSION.code()));
        }
        List<ListConfigResourcesResponseData.ConfigResource> resources = new ArrayList<>();
        String node = String.valueOf(broker.nodeId());
        if (types.contains(ConfigResource.Type.GROUP.id())) {
            groupConfigs.groupIds().forEach(group -> resources.add(resource(group, ConfigResource.Type.GROUP)));
        }
        if (types.contains(ConfigResource.Type.CLIENT_METRICS.id())) {
            clientMetrics.names().forEach(name -> resources.add(resource(name, ConfigResource.Type.CLIENT_METRICS)));
        }
        if (types.contains(ConfigResource.Type.BROKER_LOGGER.id())) {
            resources.add(resource(node, ConfigResource.Type.BROKER_LOGGER));
        }
        if (types.contains(ConfigResource.Type.BROKER.id())) {
            resources.add(resource(node, ConfigResource.Type.BROKER));
        }
        if (types.contains(ConfigResource.Type.TOPIC.id())) {
            broker.topics().registry().names().stream().sorted()
                    .forEach(topic -> resources.add(resource(topic, ConfigResource.Type.TOPIC)));
        }
        return CompletableFuture.completedFuture(response.setConfigResources(resources));
    }

    private static ListConfigResourcesResponseData.ConfigResource resource(String name, ConfigResource.Type type) {
        return new ListConfigResourcesResponseData.ConfigResource().setResourceName(name).setResourceType(type.id());
    }
}
