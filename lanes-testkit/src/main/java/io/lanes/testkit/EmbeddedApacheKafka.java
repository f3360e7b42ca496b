package io.lanes.testkit;

import io.lanes.launch.Directories;
import io.lanes.launch.KafkaBroker;
import io.lanes.launch.KafkaNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One real Apache Kafka node (KRaft, combined broker and controller) in a child JVM, for
 * differential tests and for comparing Lanes with the real thing.
 *
 * <p>The child runs {@code kafka.Kafka} from this JVM's class path, so the caller must have
 * {@code org.apache.kafka:kafka_2.13} (with log4j-core, if Kafka's warnings should be kept) on
 * its test class path; this module does not depend on it. It is lanes-launch's {@link KafkaBroker} with
 * defaults for tests: storage is formatted first with {@code kafka.tools.StorageTool}, in this JVM. The node listens for clients on
 * {@code PLAINTEXT://127.0.0.1:<free port>} and for its controller on another free port; its
 * defaults suit a single node and fast tests: one partition per auto-created topic (Kafka's
 * default {@code num.partitions=1}, left unset), replication factor 1 for internal topics and
 * {@code group.initial.rebalance.delay.ms=0}.
 * {@link #start()} returns once the node answers {@code DescribeCluster}, which takes a few
 * seconds, so share one instance per test class ({@link ApacheKafkaExtension} does).
 *
 * <p>{@link #close()} kills the process and deletes its directory; a JVM shutdown hook does the
 * same if the caller forgets. The child's output is kept in {@code kafka.out} in
 * {@link #directory()} while it runs. Instances are not thread-safe.
 */
public final class EmbeddedApacheKafka implements BrokerUnderTest, AutoCloseable {

    /** The node id of the single node. */
    public static final int NODE_ID = KafkaBroker.NODE_ID;

    private final Path directory;
    private final Thread shutdownHook = new Thread(this::killQuietly, "embedded-apache-kafka-shutdown");
    private KafkaBroker node;
    private boolean closed;

    private EmbeddedApacheKafka(Path directory) {
        this.directory = directory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a node with the defaults and waits until it accepts clients. */
    public static EmbeddedApacheKafka start() throws IOException {
        return builder().start();
    }

    @Override
    public String name() {
        return "Apache Kafka";
    }

    @Override
    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    /** The client port. */
    public int port() {
        return node.port();
    }

    /** The process id of the child JVM. */
    public long pid() {
        return node.jvm().pid();
    }

    /** The child JVM, for tests that need to signal it. */
    public Process process() {
        return node.jvm().process();
    }

    /** The node's working directory: {@code server.properties}, {@code data/} and {@code kafka.out}. */
    public Path directory() {
        return directory;
    }

    /** The cluster id the storage was formatted with. */
    public String clusterId() {
        return node.clusterId();
    }

    /**
     * Stops the node gracefully (SIGTERM, controlled shutdown) and starts it again on the same
     * data and ports.
     */
    @Override
    public void restart() throws IOException {
        node.restart();
    }

    /** Kills the child JVM and deletes its directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        killQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down: the hook is running or ran
        }
    }

    @Override
    public String toString() {
        return name();
    }

    /** The defaults for tests, which any {@link Builder#brokerConfig} entry overrides. */
    private static Map<String, String> testDefaults() {
        Map<String, String> config = new LinkedHashMap<>();
        // num.partitions and default.replication.factor stay unset: Kafka's defaults (1) suit one
        // node, and unset keys are described as DEFAULT_CONFIG, as on a broker nobody tuned.
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("background.threads", "2");
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        return config;
    }

    private synchronized void killQuietly() {
        if (node != null) {
            node.close();
        }
        // a temporary directory left behind is not worth failing a test for
        Directories.deleteQuietly(directory);
    }

    /** Builds and starts an {@link EmbeddedApacheKafka}: {@code -Xmx768m} and a 90 s start-up timeout unless set. */
    public static final class Builder extends KafkaSettingsBuilder<Builder> {
        private Builder() {
            super("768m", Duration.ofSeconds(90));
        }

        /** Starts the node and waits until it accepts clients. */
        public EmbeddedApacheKafka start() throws IOException {
            EmbeddedApacheKafka kafka = new EmbeddedApacheKafka(Directories.createTemp("apache-kafka-"));
            Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            try {
                kafka.node = KafkaBroker.builder(kafka.directory)
                        .config(testDefaults())
                        .config(brokerConfig)
                        .jvmOptions(KafkaNode.quickStartJvmOptions(maxHeap))
                        .startupTimeout(startupTimeout)
                        .start();
                return kafka;
            } catch (IOException | RuntimeException | Error e) {
                kafka.close();
                throw e;
            }
        }
    }
}
