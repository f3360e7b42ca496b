package io.lanes.testkit;

import java.io.IOException;

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

    /** Configured from the extension's builder; starts a node per class or per test. */
    private final EmbeddedApacheKafka.Builder node;

    /** A node with the default configuration, for {@code @ExtendWith(ApacheKafkaExtension.class)}. */
    public ApacheKafkaExtension() {
        this(builder());
    }

    private ApacheKafkaExtension(Builder builder) {
        super(EmbeddedApacheKafka.class);
        this.node = builder.copyTo(EmbeddedApacheKafka.builder());
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
        return node.start();
    }

    @Override
    public String toString() {
        return name();
    }

    /** Builds an {@link ApacheKafkaExtension}; what is not set keeps {@link EmbeddedApacheKafka.Builder}'s defaults. */
    public static final class Builder extends KafkaSettingsBuilder<Builder> {
        private Builder() {
            super(null, null);
        }

        public ApacheKafkaExtension build() {
            return new ApacheKafkaExtension(this);
        }
    }
}
