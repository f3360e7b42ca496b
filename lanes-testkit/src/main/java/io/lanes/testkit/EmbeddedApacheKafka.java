package io.lanes.testkit;

import io.lanes.testkit.internal.Directories;
import io.lanes.testkit.internal.FreePorts;
import io.lanes.testkit.internal.KafkaNodeProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One real Apache Kafka node (KRaft, combined broker and controller) in a child JVM, for
 * differential tests and for comparing Lanes with the real thing.
 *
 * <p>The child runs {@code kafka.Kafka} from this JVM's class path, so the caller must have
 * {@code org.apache.kafka:kafka_2.13} (with log4j-core, if Kafka's warnings should be kept) on
 * its test class path; this module does not depend on it. Storage is formatted first with
 * {@code kafka.tools.StorageTool}, in this JVM. The node listens for clients on
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
    public static final int NODE_ID = 1;

    private static final int START_ATTEMPTS = 3;

    private final Map<String, String> overrides;
    private final Duration startupTimeout;
    private final Path directory;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Thread shutdownHook = new Thread(this::killQuietly, "embedded-apache-kafka-shutdown");
    private final KafkaNodeProcess node;
    private int port;
    private int controllerPort;
    private boolean closed;

    private EmbeddedApacheKafka(Builder builder) {
        this.overrides = Map.copyOf(builder.brokerConfig);
        this.startupTimeout = builder.startupTimeout;
        this.directory = Directories.createTemp("apache-kafka-");
        this.node = new KafkaNodeProcess("Apache Kafka", directory, builder.maxHeap);
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
        return "127.0.0.1:" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The process id of the child JVM. */
    public long pid() {
        return node.process().pid();
    }

    /** The child JVM, for tests that need to signal it. */
    public Process process() {
        return node.process();
    }

    /** The node's working directory: {@code server.properties}, {@code data/} and {@code kafka.out}. */
    public Path directory() {
        return directory;
    }

    /** The cluster id the storage was formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /**
     * Stops the node gracefully (SIGTERM, controlled shutdown) and starts it again on the same
     * data and ports.
     */
    @Override
    public void restart() throws IOException {
        node.stop(Duration.ofSeconds(60));
        launchAndAwait();
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

    private void startFresh() throws IOException {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int[] ports = FreePorts.pick(2);
            port = ports[0];
            controllerPort = ports[1];
            try {
                node.writeConfig(config());
                if (attempt == 1) {
                    node.format(clusterId);
                }
                launchAndAwait();
                return;
            } catch (KafkaNodeProcess.PortTakenException e) {
                node.kill();
                last = e;
            }
        }
        throw last;
    }

    private Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", node.dataDirectory().toString());
        // num.partitions and default.replication.factor stay unset: Kafka's defaults (1) suit one
        // node, and unset keys are described as DEFAULT_CONFIG, as on a broker nobody tuned.
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("background.threads", "2");
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        config.putAll(overrides);
        return config;
    }

    private void launchAndAwait() throws IOException {
        node.launch();
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        try {
            while (!KafkaNodeProcess.acceptsConnections(port)) {
                checkAlive(deadline);
                sleep(Duration.ofMillis(50));
            }
            try (Admin admin = KafkaNodeProcess.probeAdmin(bootstrapServers())) {
                while (true) {
                    checkAlive(deadline);
                    try {
                        Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1500))
                                .nodes().get(2, TimeUnit.SECONDS);
                        if (!nodes.isEmpty()) {
                            return;
                        }
                    } catch (ExecutionException | TimeoutException e) {
                        // not ready yet
                    }
                    sleep(Duration.ofMillis(50));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.kill();
            throw new IOException("Interrupted while waiting for Apache Kafka", e);
        }
    }

    private void checkAlive(long deadline) throws IOException {
        node.checkAlive();
        if (System.nanoTime() > deadline) {
            String output = node.tail();
            node.kill();
            throw new IOException("Apache Kafka did not accept clients within " + startupTimeout + ":\n" + output);
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    private void killQuietly() {
        node.kill();
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing a test for
        }
    }

    /** Builds and starts an {@link EmbeddedApacheKafka}: {@code -Xmx768m} and a 90 s start-up timeout unless set. */
    public static final class Builder extends KafkaSettingsBuilder<Builder> {
        private Builder() {
            super("768m", Duration.ofSeconds(90));
        }

        /** Starts the node and waits until it accepts clients. */
        public EmbeddedApacheKafka start() throws IOException {
            EmbeddedApacheKafka kafka = new EmbeddedApacheKafka(this);
            try {
                kafka.startFresh();
                return kafka;
            } catch (IOException | RuntimeException | Error e) {
                kafka.close();
                throw e;
            }
        }
    }

}
