package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.ConfigSynonyms;
import io.lanes.storage.LogConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Describes topic and broker configs the way Kafka does: the value in force, where it comes
 * from, and the synonyms that could set it, highest precedence first.
 *
 * <p>Two resolutions exist in Kafka and both are followed:
 * <ul>
 *   <li>DescribeConfigs (Kafka's {@code ConfigHelper}): the source of a topic config is the
 *       first of: the topic override ({@code DYNAMIC_TOPIC_CONFIG}), then for the main broker
 *       synonym and its own synonyms the node's dynamic config, the cluster-wide dynamic
 *       config, the static config and the broker default; entries before the main synonym are
 *       dropped, so a default coming from {@code log.retention.hours} shows as
 *       {@code DEFAULT_CONFIG} with no synonyms, exactly as Kafka shows it.</li>
 *   <li>CreateTopics (Kafka's {@code KafkaConfigSchema.resolveEffectiveTopicConfigs}): the first
 *       synonym set in a layer wins, converted to milliseconds where it is in hours or minutes.</li>
 * </ul>
 * Entries are sorted by name. Stateless; thread-safe.
 */
final class ConfigEntries {
    private ConfigEntries() {
    }

    /** Every (non-internal) topic config of a topic with these overrides, for DescribeConfigs. */
    static List<DescribeConfigsResourceResult> describeTopic(BrokerConfig broker, LogConfig resolved,
                                                             Map<String, String> overrides, Collection<String> keys,
                                                             boolean includeSynonyms, boolean includeDocumentation) {
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        for (ConfigDef.ConfigKey key : topicKeys()) {
            if (!wanted(keys, key.name)) {
                continue;
            }
            boolean sensitive = key.type.isSensitive();
            Object value = resolved.values().get(key.name);
            String valueString = sensitive || value == null ? null : ConfigDef.convertToString(value, key.type);
            List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
            if (overrides.containsKey(key.name)) {
                synonyms.add(synonym(key.name, valueString, ConfigSource.TOPIC_CONFIG));
            }
            List<ConfigSynonyms.Synonym> brokerSynonyms = ConfigSynonyms.ofTopicConfig(key.name);
            if (!brokerSynonyms.isEmpty()) {
                String main = brokerSynonyms.get(0).brokerConfig();
                synonyms.addAll(brokerSynonyms(broker, main, sensitive));
            }
            entries.add(entry(key.name, valueString, synonyms, sensitive, false, typeOf(key.type),
                    includeSynonyms, includeDocumentation ? key.documentation : null));
        }
        return entries;
    }

    /**
     * The broker configs, for DescribeConfigs on the BROKER resource: this node's every known
     * config and every key set ({@code node == true}), or only the cluster-wide dynamic configs.
     */
    static List<DescribeConfigsResourceResult> describeBroker(BrokerConfig broker, boolean node, Collection<String> keys,
                                                              boolean includeSynonyms, boolean includeDocumentation) {
        ConfigDef definition = BrokerConfig.definition();
        TreeSet<String> names = new TreeSet<>();
        if (node) {
            definition.configKeys().values().stream().filter(k -> !k.internalConfig).forEach(k -> names.add(k.name));
            names.addAll(broker.originals().keySet());
        } else {
            names.addAll(broker.dynamicDefaultConfigs().keySet());
        }
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        for (String name : names) {
            if (!wanted(keys, name)) {
                continue;
            }
            ConfigDef.ConfigKey lanesKey = definition.configKeys().get(name);
            ConfigDef.ConfigKey key = lanesKey != null ? lanesKey : SecurityConfigKeys.keyOf(name);
            // Kafka treats a config it has no definition for as possibly sensitive.
            boolean sensitive = key == null || key.type.isSensitive();
            Object value = !node ? broker.dynamicDefaultConfigs().get(name)
                    : lanesKey == null ? broker.originals().get(name) : broker.values().get(name);
            String valueString = sensitive || value == null ? null
                    : value instanceof String s ? s : ConfigDef.convertToString(value, key.type);
            List<DescribeConfigsSynonym> synonyms = brokerSynonyms(broker, name, sensitive).stream()
                    .filter(s -> node || s.source() == ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id())
                    .toList();
            entries.add(entry(name, valueString, synonyms, sensitive, !ConfigSynonyms.isDynamic(name),
                    key == null ? ConfigType.UNKNOWN : typeOf(key.type), includeSynonyms,
                    includeDocumentation && key != null ? key.documentation : null));
        }
        return entries;
    }

    /** The configs of a topic about to be created with these overrides, for the CreateTopics response (v5+). */
    static List<CreatableTopicConfigs> effectiveTopicConfigs(BrokerConfig broker, Map<String, String> overrides) {
        List<CreatableTopicConfigs> configs = new ArrayList<>();
        for (ConfigDef.ConfigKey key : topicKeys()) {
            String value;
            ConfigSource source;
            if (overrides.containsKey(key.name)) {
                value = overrides.get(key.name);
                source = ConfigSource.TOPIC_CONFIG;
            } else {
                value = key.hasDefault() && key.defaultValue != null
                        ? ConfigDef.convertToString(key.defaultValue, key.type) : null;
                source = ConfigSource.DEFAULT_CONFIG;
                List<ConfigSynonyms.Synonym> synonyms = ConfigSynonyms.ofTopicConfig(key.name);
                search:
                for (Layer layer : Layer.values()) {
                    Map<String, String> values = layer.of(broker);
                    for (ConfigSynonyms.Synonym synonym : synonyms) {
                        if (values.containsKey(synonym.brokerConfig())) {
                            value = synonym.toTopicValue(values.get(synonym.brokerConfig()));
                            source = layer.source;
                            break search;
                        }
                    }
                }
            }
            boolean sensitive = key.type.isSensitive();
            configs.add(new CreatableTopicConfigs()
                    .setName(key.name)
                    .setValue(sensitive ? null : value)
                    .setReadOnly(false)
                    .setConfigSource(source.id())
                    .setIsSensitive(sensitive));
        }
        return configs;
    }

    /** The layers of broker configs, highest precedence first, with the source Kafka reports for each. */
    private enum Layer {
        NODE(ConfigSource.DYNAMIC_BROKER_CONFIG),
        CLUSTER(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG),
        STATIC(ConfigSource.STATIC_BROKER_CONFIG);

        final ConfigSource source;

        Layer(ConfigSource source) {
            this.source = source;
        }

        Map<String, String> of(BrokerConfig broker) {
            return switch (this) {
                case NODE -> broker.dynamicNodeConfigs();
                case CLUSTER -> broker.dynamicDefaultConfigs();
                case STATIC -> broker.staticOriginals();
            };
        }
    }

    /**
     * Where {@code name} and its synonyms are set, layer by layer (node, cluster-wide, static,
     * default), dropping what comes before {@code name} itself, as Kafka's
     * {@code ConfigHelper.configSynonyms}.
     */
    private static List<DescribeConfigsSynonym> brokerSynonyms(BrokerConfig broker, String name, boolean sensitive) {
        List<String> names = ConfigSynonyms.ofBrokerConfig(name);
        List<DescribeConfigsSynonym> all = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            Map<String, String> values = layer.of(broker);
            for (String n : names) {
                if (values.containsKey(n)) {
                    all.add(synonym(n, sensitive ? null : values.get(n), layer.source));
                }
            }
        }
        Map<String, String> defaults = brokerDefaults();
        for (String n : names) {
            if (defaults.containsKey(n)) {
                all.add(synonym(n, sensitive ? null : defaults.get(n), ConfigSource.DEFAULT_CONFIG));
            }
        }
        int first = 0;
        while (first < all.size() && !all.get(first).name().equals(name)) {
            first++;
        }
        return all.subList(first, all.size());
    }

    private static Map<String, String> brokerDefaults() {
        Map<String, String> defaults = new TreeMap<>();
        for (ConfigDef.ConfigKey key : BrokerConfig.definition().configKeys().values()) {
            if (key.hasDefault() && key.defaultValue != null) {
                defaults.put(key.name, ConfigDef.convertToString(key.defaultValue, key.type));
            }
        }
        return defaults;
    }

    /**
     * A client metrics subscription's configs as Kafka describes them: all three with their
     * value in force ({@code CLIENT_METRICS_CONFIG} if set, else {@code DEFAULT_CONFIG}), writable,
     * a subscription that does not exist showing the defaults.
     */
    static List<DescribeConfigsResourceResult> describeClientMetrics(Map<String, String> set, Collection<String> keys,
                                                                     boolean includeSynonyms, boolean documentation) {
        return describeEntity(io.lanes.broker.telemetry.ClientMetricsConfig.definition(), ConfigSource.CLIENT_METRICS_CONFIG,
                set, keys, includeSynonyms, documentation);
    }

    /** The configs of a GROUP resource: every group config Lanes knows, set ones with source GROUP_CONFIG. */
    static List<DescribeConfigsResourceResult> describeGroup(Map<String, String> set, Collection<String> keys,
                                                             boolean includeSynonyms, boolean documentation) {
        return describeEntity(io.lanes.broker.share.GroupConfigStore.definition(), ConfigSource.GROUP_CONFIG,
                set, keys, includeSynonyms, documentation);
    }

    /**
     * Every config of {@code definition}, sorted by name, with its value in force: {@code source}
     * if {@code set} sets it, else {@code DEFAULT_CONFIG}; writable and not sensitive.
     */
    private static List<DescribeConfigsResourceResult> describeEntity(ConfigDef definition, ConfigSource source,
                                                                      Map<String, String> set, Collection<String> keys,
                                                                      boolean includeSynonyms, boolean documentation) {
        Map<String, Object> parsed = definition.parse(set);
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        for (ConfigDef.ConfigKey key : new TreeMap<>(definition.configKeys()).values()) {
            if (!wanted(keys, key.name)) {
                continue;
            }
            String value = ConfigDef.convertToString(parsed.get(key.name), key.type);
            List<DescribeConfigsSynonym> synonyms = set.containsKey(key.name)
                    ? List.of(synonym(key.name, value, source)) : List.of();
            entries.add(entry(key.name, value, synonyms, false, false, typeOf(key.type), includeSynonyms,
                    documentation ? key.documentation : null));
        }
        return entries;
    }

    private static DescribeConfigsResourceResult entry(String name, String value, List<DescribeConfigsSynonym> synonyms,
                                                       boolean sensitive, boolean readOnly, ConfigType type,
                                                       boolean includeSynonyms, String documentation) {
        byte source = synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG.id() : synonyms.get(0).source();
        return new DescribeConfigsResourceResult()
                .setName(name)
                .setValue(value)
                .setConfigSource(source)
                .setIsSensitive(sensitive)
                .setReadOnly(readOnly)
                .setSynonyms(includeSynonyms ? new ArrayList<>(synonyms) : new ArrayList<>())
                .setConfigType(type.id())
                .setDocumentation(documentation);
    }

    private static DescribeConfigsSynonym synonym(String name, String value, ConfigSource source) {
        return new DescribeConfigsSynonym().setName(name).setValue(value).setSource(source.id());
    }

    private static List<ConfigDef.ConfigKey> topicKeys() {
        return new TreeMap<>(LogConfig.configDef().configKeys()).values().stream()
                .filter(k -> !k.internalConfig)
                .toList();
    }

    private static boolean wanted(Collection<String> keys, String name) {
        return keys == null || keys.isEmpty() || keys.contains(name);
    }

    static ConfigType typeOf(ConfigDef.Type type) {
        return switch (type) {
            case BOOLEAN -> ConfigType.BOOLEAN;
            case STRING -> ConfigType.STRING;
            case INT -> ConfigType.INT;
            case SHORT -> ConfigType.SHORT;
            case LONG -> ConfigType.LONG;
            case DOUBLE -> ConfigType.DOUBLE;
            case LIST -> ConfigType.LIST;
            case CLASS -> ConfigType.CLASS;
            case PASSWORD -> ConfigType.PASSWORD;
        };
    }
}
