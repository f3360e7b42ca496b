package io.lanes.broker;

import io.lanes.broker.metadata.DurableProperties;

import io.lanes.storage.LogConfig;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Dynamic broker configs (Kafka's KIP-226): values changed at run time with AlterConfigs or
 * IncrementalAlterConfigs on the BROKER resource, either cluster-wide (resource name "") or for
 * this node (resource name = node id). Of the broker configs Lanes knows, only those that set a
 * topic default and that Kafka can change at run time are accepted
 * ({@link ConfigSynonyms#dynamicBrokerConfigs()}); keys it does not know are kept, as Kafka keeps
 * custom configs.
 *
 * <p>Durable format: {@code <data dir>/.lanes/broker-dynamic.properties}, one Java properties
 * file with {@code cluster.<key>} for the cluster-wide defaults and {@code node.<key>} for this
 * node. It is replaced atomically (write a temporary file, fsync, rename), so a crash leaves the
 * old or the new version.
 *
 * <p>Start-up: {@link #load} returns the static config with the stored dynamic configs on top.
 * Stateless and thread-safe; callers serialize updates.
 */
public final class DynamicBrokerConfig {
    private static final Logger log = LoggerFactory.getLogger(DynamicBrokerConfig.class);

    public static final String FILE_NAME = "broker-dynamic.properties";
    private static final String CLUSTER_PREFIX = "cluster.";
    private static final String NODE_PREFIX = "node.";

    private DynamicBrokerConfig() {
    }

    /** Where the dynamic configs of the broker with this data directory are kept. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(".lanes").resolve(FILE_NAME);
    }

    /**
     * The effective config at start-up: {@code staticConfig} with the dynamic configs stored in
     * {@code dataDir} on top. Entries that are no longer valid (not dynamic, or a bad value) are
     * dropped with a warning, as Kafka ignores them.
     */
    public static BrokerConfig load(Path dataDir, BrokerConfig staticConfig) {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            return staticConfig;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> cluster = new TreeMap<>();
        Map<String, String> node = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(CLUSTER_PREFIX)) {
                cluster.put(key.substring(CLUSTER_PREFIX.length()), props.getProperty(key));
            } else if (key.startsWith(NODE_PREFIX)) {
                node.put(key.substring(NODE_PREFIX.length()), props.getProperty(key));
            }
        }
        Map<String, String> validCluster = keepValid(staticConfig, cluster, true, file);
        Map<String, String> validNode = keepValid(staticConfig, node, false, file);
        BrokerConfig effective = staticConfig.withDynamic(validCluster, validNode);
        if (!validCluster.isEmpty() || !validNode.isEmpty()) {
            log.info("Dynamic broker configs from {}: cluster-wide {}, node {}", file, validCluster, validNode);
        }
        return effective;
    }

    /** Writes both layers of dynamic configs durably, replacing the previous file. */
    public static void store(Path dataDir, Map<String, String> clusterDefaults, Map<String, String> node) {
        Properties props = new Properties();
        clusterDefaults.forEach((k, v) -> props.setProperty(CLUSTER_PREFIX + k, v));
        node.forEach((k, v) -> props.setProperty(NODE_PREFIX + k, v));
        DurableProperties.write(file(dataDir), props,
                "Lanes dynamic broker configs (cluster.* = cluster-wide defaults, node.* = this node)");
    }

    /**
     * Checks that no key is a broker config that cannot change at run time, as Kafka's
     * {@code DynamicBrokerConfig.validateConfigs}. Like Kafka, keys the broker does not know are
     * accepted (custom configs): they are kept and described, and change nothing.
     *
     * @throws ConfigException "Cannot update these configs dynamically: Set(...)" otherwise
     */
    public static void validateNames(Collection<String> keys) {
        TreeSet<String> nonDynamic = new TreeSet<>();
        for (String key : keys) {
            boolean known = BrokerConfig.definition().names().contains(key) || key.equals("broker.id");
            if (known && !ConfigSynonyms.isDynamic(key)) {
                nonDynamic.add(key);
            }
        }
        if (!nonDynamic.isEmpty()) {
            throw new ConfigException("Cannot update these configs dynamically: Set(" + String.join(", ", nonDynamic) + ")");
        }
    }

    /**
     * The config that {@code current} becomes with one layer of dynamic configs replaced,
     * validated: names, then types and ranges, then the topic defaults they give.
     *
     * @param clusterWide true for the cluster-wide layer, false for this node's
     * @throws ConfigException if the change is not valid
     */
    public static BrokerConfig replaceLayer(BrokerConfig current, boolean clusterWide, Map<String, String> layer) {
        validateNames(layer.keySet());
        BrokerConfig updated = clusterWide
                ? current.withDynamic(layer, current.dynamicNodeConfigs())
                : current.withDynamic(current.dynamicDefaultConfigs(), layer);
        LogConfig.from(updated.topicDefaults(), Map.of());
        return updated;
    }

    private static Map<String, String> keepValid(BrokerConfig staticConfig, Map<String, String> layer,
                                                 boolean clusterWide, Path file) {
        Map<String, String> valid = new LinkedHashMap<>();
        layer.forEach((key, value) -> {
            try {
                replaceLayer(staticConfig, clusterWide, Map.of(key, value));
                valid.put(key, value);
            } catch (RuntimeException e) {
                log.warn("Ignoring dynamic broker config {}={} from {}: {}", key, value, file, e.getMessage());
            }
        });
        return valid;
    }
}
