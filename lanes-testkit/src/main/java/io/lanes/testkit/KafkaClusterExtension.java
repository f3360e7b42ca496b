package io.lanes.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JUnit 5 extension giving tests an {@link EmbeddedKafkaCluster}, three Apache Kafka nodes on
 * loopback, started once per test JVM and shared by every test class that asks for the same
 * configuration (it lives in JUnit's root store and is closed when the test run ends). Starting the
 * cluster takes several seconds; sharing it means a module pays that once.
 *
 * <p>Because the cluster is shared, tests use topic and group names of their own (for example
 * with a random suffix) and leave the cluster whole: after each test the extension starts any node
 * the test stopped or killed, so a failover test cannot break the next one.
 *
 * <h2>One scenario, two brokers</h2>
 *
 * Write the scenario once in an abstract class that reaches the broker through
 * {@link BrokerUnderTest}, and add one small subclass per broker, each registering its
 * extension on a static field:
 *
 * <pre>{@code
 * abstract class CommitScenario {
 *     abstract BrokerUnderTest broker();
 *
 *     @Test
 *     void shouldResumeFromCommittedOffsetWhenRestarted() {
 *         String topic = "orders-" + UUID.randomUUID();   // the cluster is shared: own names
 *         ... new KafkaProducer<>(Map.of("bootstrap.servers", broker().bootstrapServers(), "acks", "all"), ...)
 *     }
 * }
 *
 * class CommitOnLanesTest extends CommitScenario {
 *     @RegisterExtension
 *     static LanesExtension lanes = LanesExtension.builder().build();
 *
 *     @Override
 *     BrokerUnderTest broker() { return lanes; }
 * }
 *
 * class CommitOnKafkaClusterTest extends CommitScenario {
 *     @RegisterExtension
 *     static KafkaClusterExtension cluster = KafkaClusterExtension.shared();
 *
 *     @Override
 *     BrokerUnderTest broker() { return cluster; }
 * }
 * }</pre>
 *
 * Lanes starts in milliseconds, so one per class is fine; the cluster starts once for all
 * {@code *OnKafkaClusterTest} classes of the run. Scenarios that need the cluster itself (to stop a
 * node) declare an {@link EmbeddedKafkaCluster} test parameter or call {@link #cluster()}.
 * {@code @ExtendWith(KafkaClusterExtension.class)} also works and uses the defaults. Every
 * distinct configuration (from {@link Builder}) starts a cluster of its own and keeps it to the end
 * of the run: three more JVMs, so prefer the defaults. The caller needs
 * {@code org.apache.kafka:kafka_2.13} on its test class path.
 *
 * <p>Thread-safety: the shared cluster is started at most once even when classes run in
 * parallel; the cluster itself is not thread-safe, so parallel tests should not stop nodes.
 */
public final class KafkaClusterExtension
        implements BrokerUnderTest, BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    private final Map<String, String> brokerConfig;
    private final String maxHeap;
    private final Duration startupTimeout;
    private volatile EmbeddedKafkaCluster cluster;

    /** The shared cluster with the default configuration, for {@code @ExtendWith(KafkaClusterExtension.class)}. */
    public KafkaClusterExtension() {
        this(builder());
    }

    private KafkaClusterExtension(Builder builder) {
        this.brokerConfig = new TreeMap<>(builder.brokerConfig);
        this.maxHeap = builder.maxHeap;
        this.startupTimeout = builder.startupTimeout;
    }

    /** The shared cluster with the default configuration. */
    public static KafkaClusterExtension shared() {
        return new KafkaClusterExtension();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "Apache Kafka cluster";
    }

    @Override
    public String bootstrapServers() {
        return cluster().bootstrapServers();
    }

    /** The running cluster. */
    public EmbeddedKafkaCluster cluster() {
        EmbeddedKafkaCluster running = cluster;
        if (running == null) {
            throw new IllegalStateException("The cluster is not running yet: it is started before all tests");
        }
        return running;
    }

    /** Restarts the nodes one after another; see {@link EmbeddedKafkaCluster#restart()}. */
    @Override
    public void restart() throws IOException {
        cluster().restart();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = shared(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // registered on an instance field, JUnit skips beforeAll
        if (cluster == null) {
            cluster = shared(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        cluster().startStoppedNodes();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        EmbeddedKafkaCluster running = cluster;
        if (running == null) {
            throw new ParameterResolutionException("No EmbeddedKafkaCluster is running yet: it is started before all tests");
        }
        return running;
    }

    @Override
    public String toString() {
        return name();
    }

    private EmbeddedKafkaCluster shared(ExtensionContext context) {
        // the key is the configuration: same configuration, same cluster; the timeout is not part of it
        String key = "cluster " + brokerConfig + " heap " + maxHeap;
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        try {
            return store.getOrComputeIfAbsent(key, k -> new SharedCluster(startCluster()), SharedCluster.class).cluster();
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("Could not start the Apache Kafka cluster", e.getCause());
        }
    }

    private EmbeddedKafkaCluster startCluster() {
        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder().brokerConfig(brokerConfig);
        if (maxHeap != null) {
            builder.maxHeap(maxHeap);
        }
        if (startupTimeout != null) {
            builder.startupTimeout(startupTimeout);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the cluster when JUnit closes the root store, at the end of the run. */
    private record SharedCluster(EmbeddedKafkaCluster cluster) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cluster.close();
        }
    }

    /** Builds a {@link KafkaClusterExtension}. */
    public static final class Builder {
        private final Map<String, String> brokerConfig = new TreeMap<>();
        private String maxHeap;
        private Duration startupTimeout;

        private Builder() {
        }

        /** Sets one {@code server.properties} entry on every node. */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        /** Sets several {@code server.properties} entries on every node. */
        public Builder brokerConfig(Map<String, String> properties) {
            brokerConfig.putAll(properties);
            return this;
        }

        /** Each child JVM's {@code -Xmx}. */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        /** How long to wait for the cluster to be ready. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        public KafkaClusterExtension build() {
            return new KafkaClusterExtension(this);
        }
    }
}
