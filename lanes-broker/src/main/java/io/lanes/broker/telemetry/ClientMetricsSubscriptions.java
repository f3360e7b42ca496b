package io.lanes.broker.telemetry;

import io.lanes.broker.metadata.EntityConfigsFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The client metrics subscriptions (CLIENT_METRICS config resources): the configs set on each,
 * kept durably, and the {@link Subscription}s they give. A subscription exists while it sets at
 * least one config; deleting its last config removes it, as in Kafka.
 *
 * <p>Durable format: {@code <data dir>/.lanes/client-metrics.properties}, a Java properties
 * file with one entry {@code <config name>/<subscription name>=<value>} per set config (config
 * names hold no '/', subscription names may). It is replaced atomically (temporary file, fsync,
 * rename), as the dynamic broker configs are. Entries that are no longer valid are dropped
 * with a warning at load.
 *
 * <p>Thread-safe: changes are serialized on this object; readers see a consistent snapshot.
 * {@link #version()} grows with every change, so clients re-evaluate their subscription.
 */
public final class ClientMetricsSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(ClientMetricsSubscriptions.class);
    public static final String FILE_NAME = "client-metrics.properties";

    private final Path file;
    private volatile Map<String, Map<String, String>> configs;
    private volatile List<Subscription> subscriptions;
    private volatile int version;

    private ClientMetricsSubscriptions(Path file, Map<String, Map<String, String>> configs) {
        this.file = file;
        install(configs);
    }

    /** Where the subscriptions of the broker with this data directory are kept. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(".lanes").resolve(FILE_NAME);
    }

    /** Loads the subscriptions stored in {@code dataDir} (none if the file does not exist). */
    public static ClientMetricsSubscriptions open(Path dataDir) {
        Path file = file(dataDir);
        Map<String, Map<String, String>> configs = EntityConfigsFile.read(file, ClientMetricsConfig::validate);
        if (!configs.isEmpty()) {
            log.info("Client metrics subscriptions from {}: {}", file, configs);
        }
        return new ClientMetricsSubscriptions(file, configs);
    }

    /** The configs set on the subscription, empty if it does not exist. */
    public Map<String, String> configs(String name) {
        return configs.getOrDefault(name, Map.of());
    }

    /** The names of the subscriptions that exist, sorted. */
    public List<String> names() {
        return List.copyOf(configs.keySet());
    }

    /** The subscriptions in force. */
    public List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** Grows with every change of any subscription. */
    public int version() {
        return version;
    }

    /**
     * Replaces the configs set on one subscription with what {@code change} makes of them,
     * validated ({@link ClientMetricsConfig#validate}) and, unless {@code validateOnly}, stored
     * durably before they take effect. An empty result removes the subscription.
     */
    public synchronized void alter(String name, UnaryOperator<Map<String, String>> change, boolean validateOnly) {
        Map<String, String> updated = change.apply(new TreeMap<>(configs(name)));
        ClientMetricsConfig.validate(name, updated);
        if (validateOnly) {
            return;
        }
        Map<String, Map<String, String>> next = new TreeMap<>(configs);
        if (updated.isEmpty()) {
            if (next.remove(name) == null) {
                return;
            }
        } else {
            next.put(name, Map.copyOf(new TreeMap<>(updated)));
        }
        store(next);
        install(next);
        log.info("Client metrics subscription {} is now {}", name, updated.isEmpty() ? "removed" : updated);
    }

    private void install(Map<String, Map<String, String>> next) {
        List<Subscription> in = new ArrayList<>();
        next.forEach((name, set) -> in.add(ClientMetricsConfig.subscription(name, set)));
        Map<String, Map<String, String>> copy = new TreeMap<>();
        next.forEach((name, set) -> copy.put(name, Map.copyOf(set)));
        this.configs = java.util.Collections.unmodifiableMap(copy);
        this.subscriptions = List.copyOf(in);
        this.version++;
    }

    private void store(Map<String, Map<String, String>> next) {
        EntityConfigsFile.write(file, next, "Lanes client metrics subscriptions (<config>/<subscription>=<value>)");
    }
}
