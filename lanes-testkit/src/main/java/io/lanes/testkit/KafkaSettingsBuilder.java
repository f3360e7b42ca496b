package io.lanes.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings every Apache Kafka builder of this package takes: {@code server.properties}
 * entries, the child JVM's {@code -Xmx} and how long to wait for start-up. The node, cluster and
 * extension builders extend it, so the setters are written once; each subclass names its defaults.
 * Not thread-safe.
 *
 * @param <B> the concrete builder, returned by the setters for chaining
 */
abstract class KafkaSettingsBuilder<B extends KafkaSettingsBuilder<B>> {
    final Map<String, String> brokerConfig = new LinkedHashMap<>();
    String maxHeap;
    Duration startupTimeout;

    /** @param maxHeap the default {@code -Xmx}, or null for the target's default (see {@link #copyTo}) */
    KafkaSettingsBuilder(String maxHeap, Duration startupTimeout) {
        this.maxHeap = maxHeap;
        this.startupTimeout = startupTimeout;
    }

    /** Sets one {@code server.properties} entry (on every node), overriding the defaults. */
    public B brokerConfig(String key, String value) {
        brokerConfig.put(key, value);
        return self();
    }

    /** Sets several {@code server.properties} entries (on every node), overriding the defaults. */
    public B brokerConfig(Map<String, String> properties) {
        brokerConfig.putAll(properties);
        return self();
    }

    /** Each child JVM's {@code -Xmx}, for example {@code "512m"}. */
    public B maxHeap(String maxHeap) {
        this.maxHeap = maxHeap;
        return self();
    }

    /** How long to wait for the broker (or a restarted node) to be ready. */
    public B startupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
        return self();
    }

    /** Gives {@code target} these settings; a heap or timeout that is null here keeps the target's default. */
    <T extends KafkaSettingsBuilder<T>> T copyTo(T target) {
        target.brokerConfig(brokerConfig);
        if (maxHeap != null) {
            target.maxHeap(maxHeap);
        }
        if (startupTimeout != null) {
            target.startupTimeout(startupTimeout);
        }
        return target;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
