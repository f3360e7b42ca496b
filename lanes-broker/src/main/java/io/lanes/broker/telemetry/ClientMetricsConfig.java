package io.lanes.broker.telemetry;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The configs of a client metrics subscription (KIP-714), the CLIENT_METRICS config resource,
 * with Kafka's names, defaults and validation:
 * <ul>
 *   <li>{@code metrics} (LIST, default empty): metric name prefixes the matching clients push;
 *       empty means none, {@code *} means all.</li>
 *   <li>{@code interval.ms} (INT, default 300000): how often they push, 100 to 3600000.</li>
 *   <li>{@code match} (LIST, default empty = every client): {@code attribute=regex} items over
 *       {@code client_instance_id, client_id, client_software_name, client_software_version,
 *       client_source_address, client_source_port}; a client matches when every regex matches
 *       its attribute whole.</li>
 * </ul>
 * A non-empty subscription name is required. An unknown config or an interval out of range is
 * INVALID_REQUEST; a value of the wrong type INVALID_CONFIG, as is a bad match item ("Illegal
 * client matching pattern: ..."), as Kafka answers. Stateless; thread-safe.
 */
public final class ClientMetricsConfig {
    public static final String METRICS = "metrics";
    public static final String INTERVAL_MS = "interval.ms";
    public static final String MATCH = "match";

    /** Kafka's push interval when no subscription matches, and the default of {@code interval.ms}. */
    public static final int INTERVAL_MS_DEFAULT = 300_000;
    /** The {@code metrics} item that subscribes every metric. */
    public static final String ALL_METRICS = "*";

    private static final int MIN_INTERVAL_MS = 100;
    private static final int MAX_INTERVAL_MS = 3_600_000;
    private static final Set<String> MATCH_ATTRIBUTES = Set.of(ClientAttributes.CLIENT_INSTANCE_ID,
            ClientAttributes.CLIENT_ID, ClientAttributes.CLIENT_SOFTWARE_NAME, ClientAttributes.CLIENT_SOFTWARE_VERSION,
            ClientAttributes.CLIENT_SOURCE_ADDRESS, ClientAttributes.CLIENT_SOURCE_PORT);

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(METRICS, ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.MEDIUM, "Telemetry metric name prefix list")
            .define(INTERVAL_MS, ConfigDef.Type.INT, INTERVAL_MS_DEFAULT, ConfigDef.Importance.MEDIUM,
                    "Metrics push interval in milliseconds")
            .define(MATCH, ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.MEDIUM, "Client match criteria");

    private ClientMetricsConfig() {
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    /**
     * Checks a subscription's set configs as Kafka's {@code ClientMetricsConfigs.validate}.
     *
     * @throws InvalidRequestException       empty name, unknown config, interval out of range
     * @throws InvalidConfigurationException a value of the wrong type, a match item that is not {@code attribute=regex}
     */
    public static void validate(String name, Map<String, String> configs) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("Subscription name can't be empty");
        }
        for (String key : configs.keySet()) {
            if (!DEFINITION.names().contains(key)) {
                throw new InvalidRequestException("Unknown client metrics configuration: " + key);
            }
        }
        Map<String, Object> parsed;
        try {
            parsed = DEFINITION.parse(configs);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
        if (configs.containsKey(INTERVAL_MS)) {
            int interval = (Integer) parsed.get(INTERVAL_MS);
            if (interval < MIN_INTERVAL_MS || interval > MAX_INTERVAL_MS) {
                throw new InvalidRequestException("Invalid value " + interval + " for " + INTERVAL_MS
                        + ", interval must be between 100 and 3600000 (1 hour)");
            }
        }
        if (configs.containsKey(MATCH)) {
            matchPatterns(list(parsed.get(MATCH)));
        }
    }

    /** The subscription that valid set configs describe (defaults for what is not set). */
    public static Subscription subscription(String name, Map<String, String> configs) {
        Map<String, Object> parsed = DEFINITION.parse(configs);
        return new Subscription(name, list(parsed.get(METRICS)), (Integer) parsed.get(INTERVAL_MS),
                matchPatterns(list(parsed.get(MATCH))));
    }

    /**
     * Parses {@code attribute=regex} items: split at '=' (exactly two parts), both trimmed.
     *
     * @throws InvalidConfigurationException "Illegal client matching pattern: item"
     */
    static Map<String, Pattern> matchPatterns(List<String> items) {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (String item : items) {
            String[] parts = item.split("=");
            if (parts.length != 2 || !MATCH_ATTRIBUTES.contains(parts[0].trim())) {
                throw new InvalidConfigurationException("Illegal client matching pattern: " + item);
            }
            try {
                patterns.put(parts[0].trim(), Pattern.compile(parts[1].trim()));
            } catch (PatternSyntaxException e) {
                throw new InvalidConfigurationException("Illegal client matching pattern: " + item);
            }
        }
        return patterns;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
