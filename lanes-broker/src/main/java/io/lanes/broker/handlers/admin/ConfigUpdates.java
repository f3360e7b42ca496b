package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.DynamicBrokerConfig;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.broker.telemetry.ClientMetricsConfig;
import io.lanes.broker.telemetry.ClientMetricsSubscriptions;
import io.lanes.storage.LogConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies a config change to one resource for AlterConfigs and IncrementalAlterConfigs, with
 * Kafka's checks and errors (the broker's {@code ConfigAdminManager.preprocess}, then the
 * controller's {@code ConfigurationControlManager} and {@code ControllerConfigurationValidator}):
 * <ul>
 *   <li>config names given twice: INVALID_REQUEST "Error due to duplicate config keys"; a null
 *       value (other than for DELETE): INVALID_REQUEST "Null value not supported for : ...".</li>
 *   <li>TOPIC: "" is INVALID_REQUEST, a bad name INVALID_TOPIC_EXCEPTION, unknown or invalid
 *       configs INVALID_CONFIG, then an unknown topic UNKNOWN_TOPIC_OR_PARTITION; the overrides
 *       are replaced through {@link TopicManager#alterConfigs}.</li>
 *   <li>BROKER "" (cluster-wide) or this node's id (another id: INVALID_REQUEST): of the known
 *       broker configs only dynamic ones (else INVALID_REQUEST "Cannot update these configs
 *       dynamically: Set(...)"; unknown keys are kept as custom configs, as Kafka keeps them),
 *       valid values (else INVALID_REQUEST with the reason, as Kafka); the result is written to
 *       {@code broker-dynamic.properties} and applied to every topic.</li>
 *   <li>CLIENT_METRICS (KIP-714 subscriptions): the set configs are replaced and validated as
 *       Kafka validates them ({@link ClientMetricsConfig}); deleting every config removes the
 *       subscription. Stored by {@link ClientMetricsSubscriptions}.</li>
 *   <li>other types: INVALID_REQUEST.</li>
 * </ul>
 * One instance per broker; changes are serialized (broker configs on this object, topic configs
 * on the {@link TopicManager}).
 */
public final class ConfigUpdates {
    private static final Logger log = LoggerFactory.getLogger(ConfigUpdates.class);

    private final BrokerServices broker;
    private final ClientMetricsSubscriptions clientMetrics;

    /** Who may alter what. */
    io.lanes.broker.security.acl.AclAuthorizer authorizer() {
        return broker.authorizer();
    }

    public ConfigUpdates(BrokerServices broker, ClientMetricsSubscriptions clientMetrics) {
        this.broker = broker;
        this.clientMetrics = clientMetrics;
    }

    /** Updates with the client metrics subscriptions stored in the broker's data directory. */
    public ConfigUpdates(BrokerServices broker) {
        this(broker, ClientMetricsSubscriptions.open(broker.dataDir()));
    }

    /** A change of one resource's set configs: from the configs set now to the ones to set. */
    interface Change {
        /**
         * @param current    the configs the resource sets now (a copy that may be modified)
         * @param definition the definition of the resource's configs
         * @param topic      true for a topic, false for a broker (the messages differ in Kafka)
         */
        Map<String, String> apply(Map<String, String> current, ConfigDef definition, boolean topic);
    }

    /**
     * Finds the resources given more than once: Kafka answers each of them INVALID_REQUEST
     * "Each resource must appear at most once."
     */
    static <R> Set<Integer> duplicateResources(List<R> resources, Function<R, Object> key) {
        Map<Object, Integer> first = new LinkedHashMap<>();
        Set<Integer> duplicates = new HashSet<>();
        for (int i = 0; i < resources.size(); i++) {
            Integer previous = first.putIfAbsent(key.apply(resources.get(i)), i);
            if (previous != null) {
                duplicates.add(previous);
                duplicates.add(i);
            }
        }
        return duplicates;
    }

    static ApiError duplicateResourceError() {
        return new ApiError(Errors.INVALID_REQUEST, "Each resource must appear at most once.");
    }

    /**
     * Checks the names and values given for one resource as Kafka's preprocessing does.
     *
     * @param names      the config names in request order
     * @param nullValues the names whose value is null where a value is required
     */
    static void checkNamesAndValues(List<String> names, List<String> nullValues) {
        if (new HashSet<>(names).size() != names.size()) {
            throw new InvalidRequestException("Error due to duplicate config keys");
        }
        if (!nullValues.isEmpty()) {
            throw new InvalidRequestException("Null value not supported for : " + String.join(", ", nullValues));
        }
    }

    /** Applies {@code change} to the resource unless {@code validateOnly}; returns the outcome. */
    ApiError alter(byte resourceType, String name, Change change, boolean validateOnly, boolean incremental) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        try {
            switch (type) {
                case TOPIC -> alterTopic(name, change, validateOnly);
                case BROKER -> alterBroker(name, change, validateOnly);
                case BROKER_LOGGER -> {
                    if (!incremental) {
                        throw new InvalidRequestException("Unknown resource type " + resourceType);
                    }
                    throw new InvalidRequestException("Lanes cannot change logger levels at run time: "
                            + "configure them in the logging backend");
                }
                case CLIENT_METRICS -> clientMetrics.alter(name,
                        current -> change.apply(current, ClientMetricsConfig.definition(), true), validateOnly);
                case GROUP -> throw new InvalidRequestException("Lanes does not support configs of "
                        + "resource type " + type);
                default -> throw new InvalidRequestException("Unknown resource type " + resourceType);
            }
            return ApiError.NONE;
        } catch (ApiException e) {
            log.debug("Cannot alter configs of {} {}: {}", type, name, e.getMessage());
            return ApiError.fromThrowable(e);
        }
    }

    private void alterTopic(String name, Change change, boolean validateOnly) {
        if (name.isEmpty()) {
            throw new InvalidRequestException("Default topic resources are not allowed.");
        }
        Topic.validate(name);
        TopicManager topics = broker.topics();
        synchronized (topics) {
            Map<String, String> current = topics.topic(name).map(TopicInfo::configs).orElse(Map.of());
            Map<String, String> updated = change.apply(new LinkedHashMap<>(current), LogConfig.configDef(), true);
            TopicConfigs.validate(topics, updated);
            if (topics.topic(name).isEmpty()) {
                throw new UnknownTopicOrPartitionException("The topic '" + name + "' does not exist.");
            }
            topics.alterConfigs(name, updated, validateOnly);
        }
    }

    private synchronized void alterBroker(String name, Change change, boolean validateOnly) {
        boolean clusterWide = name.isEmpty();
        if (!clusterWide) {
            int id;
            try {
                id = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("Node id must be an integer, but it is: " + name);
            }
            if (id != broker.nodeId()) {
                throw new InvalidRequestException("Unexpected broker id, expected " + broker.nodeId()
                        + ", but received " + name);
            }
        }
        BrokerConfig current = broker.config();
        Map<String, String> layer = new LinkedHashMap<>(clusterWide
                ? current.dynamicDefaultConfigs() : current.dynamicNodeConfigs());
        Map<String, String> updatedLayer = change.apply(layer, BrokerConfig.definition(), false);
        BrokerConfig updated;
        try {
            updated = DynamicBrokerConfig.replaceLayer(current, clusterWide, updatedLayer);
            updated.cleanerConfig(); // validates log.cleaner.* together (dedupe buffer per thread)
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        } catch (ConfigException e) {
            // As Kafka (KAFKA-13609): a broker config that cannot be applied is an invalid request.
            throw new InvalidRequestException(e.getMessage());
        }
        if (validateOnly) {
            return;
        }
        DynamicBrokerConfig.store(broker.dataDir(), updated.dynamicDefaultConfigs(), updated.dynamicNodeConfigs());
        broker.topics().updateBrokerConfig(updated);
        broker.logs().reconfigureCleaner(updated.cleanerConfig());
        log.info("Dynamic broker configs ({}) are now {}", clusterWide ? "cluster-wide" : "node " + name, updatedLayer);
    }

    /** The list items of a LIST config's value (or default), empty items left out. */
    static List<String> listItems(String value, ConfigDef.ConfigKey key) {
        String text = value != null ? value
                : key.hasDefault() && key.defaultValue != null ? ConfigDef.convertToString(key.defaultValue, key.type) : null;
        List<String> items = new ArrayList<>();
        if (text != null) {
            for (String item : text.split(",")) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    /** Replaces every set config with {@code configs}: the legacy AlterConfigs semantics. */
    static Change replaceAll(Map<String, String> configs) {
        return (current, definition, topic) -> new LinkedHashMap<>(configs);
    }
}
