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

    /** Configured from the extension's builder; starts the cluster if none with its configuration runs. */
    private final EmbeddedKafkaCluster.Builder clusterBuilder;
    private volatile EmbeddedKafkaCluster cluster;

    /** The shared cluster with the default configuration, for {@code @ExtendWith(KafkaClusterExtension.class)}. */
    public KafkaClusterExtension() {
        this(builder());
    }

    private KafkaClusterExtension(Builder builder) {
        this.clusterBuilder = builder.copyTo(EmbeddedKafkaCluster.builder());
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
        String key = "cluster " + new TreeMap<>(clusterBuilder.brokerConfig) + " heap " + clusterBuilder.maxHeap;
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        try {
            return store.getOrComputeIfAbsent(key, k -> new SharedCluster(startCluster()), SharedCluster.class).cluster();
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("Could not start the Apache Kafka cluster", e.getCause());
        }
    }

    private EmbeddedKafkaCluster startCluster() {
        try {
            return clusterBuilder.start();
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

    /**
     * Builds a {@link KafkaClusterExtension}; broker entries apply to every node, and what is not set
     * keeps {@link EmbeddedKafkaCluster.Builder}'s defaults.
     */
    public static final class Builder extends KafkaSettingsBuilder<Builder> {
        private Builder() {
            super(null, null);
        }

        public KafkaClusterExtension build() {
            return new KafkaClusterExtension(this);
        }
    }
}
