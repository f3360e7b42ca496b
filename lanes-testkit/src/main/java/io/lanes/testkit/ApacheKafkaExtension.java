package io.lanes.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JUnit 5 extension running an {@link EmbeddedApacheKafka} node, for differential tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static ApacheKafkaExtension kafka = ApacheKafkaExtension.builder().brokerConfig("num.partitions", "3").build();
 * }</pre>
 *
 * Starting Apache Kafka takes seconds, so register it on a {@code static} field (or with
 * {@code @ExtendWith(ApacheKafkaExtension.class)}): one node for the whole class. On an instance
 * field it starts a node per test. Test methods may declare an {@link EmbeddedApacheKafka}
 * parameter. The caller needs {@code org.apache.kafka:kafka_2.13} on its test class path.
 */
public final class ApacheKafkaExtension extends BrokerLifecycleExtension<EmbeddedApacheKafka> implements BrokerUnderTest {

    private final Map<String, String> brokerConfig;
    private final String maxHeap;
    private final Duration startupTimeout;

    /** A node with the default configuration, for {@code @ExtendWith(ApacheKafkaExtension.class)}. */
    public ApacheKafkaExtension() {
        this(builder());
    }

    private ApacheKafkaExtension(Builder builder) {
        super(EmbeddedApacheKafka.class);
        this.brokerConfig = Map.copyOf(builder.brokerConfig);
        this.maxHeap = builder.maxHeap;
        this.startupTimeout = builder.startupTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "Apache Kafka";
    }

    @Override
    public String bootstrapServers() {
        return running().bootstrapServers();
    }

    /** The running node. */
    public EmbeddedApacheKafka kafka() {
        return running();
    }

    @Override
    public void restart() throws IOException {
        running().restart();
    }

    @Override
    EmbeddedApacheKafka startBroker() throws IOException {
        EmbeddedApacheKafka.Builder builder = EmbeddedApacheKafka.builder().brokerConfig(brokerConfig);
        if (maxHeap != null) {
            builder.maxHeap(maxHeap);
        }
        if (startupTimeout != null) {
            builder.startupTimeout(startupTimeout);
        }
        return builder.start();
    }

    @Override
    public String toString() {
        return name();
    }

    /** Builds an {@link ApacheKafkaExtension}. */
    public static final class Builder {
        private final Map<String, String> brokerConfig = new LinkedHashMap<>();
        private String maxHeap;
        private Duration startupTimeout;

        private Builder() {
        }

        /** Sets one {@code server.properties} entry. */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        /** Sets several {@code server.properties} entries. */
        public Builder brokerConfig(Map<String, String> properties) {
            brokerConfig.putAll(properties);
            return this;
        }

        /** The child JVM's {@code -Xmx}. */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        /** How long to wait for the node to accept clients. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        public ApacheKafkaExtension build() {
            return new ApacheKafkaExtension(this);
        }
    }
}
