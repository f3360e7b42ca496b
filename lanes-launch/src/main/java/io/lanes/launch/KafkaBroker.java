package io.lanes.launch;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One real Apache Kafka node (KRaft, combined broker and controller) in a child JVM, kept on the same ports and
 * data across restarts, so a caller can stop it, kill it with SIGKILL and bring it back on the same log.
 *
 * <p>The node listens for clients on {@code PLAINTEXT://127.0.0.1:<free port>} and for its controller on
 * another free port (picked again, up to three times, when another process takes one first). Its configuration
 * is what one node needs (roles, listeners, quorum, {@code log.dirs}, replication factor 1 and min ISR 1 for
 * the internal topics) plus the caller's {@link Builder#config} entries, which win. Storage is formatted in this
 * JVM ({@link KafkaNode#format}). {@link #start()} returns once the node answers ApiVersions and reports itself
 * in DescribeCluster. The caller owns {@link #directory()}; {@link #close()} kills the node and leaves it.
 * Instances are not thread-safe.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The node id of the single node. */
    public static final int NODE_ID = 1;

    private static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;

    private final Map<String, String> overrides;
    private final List<String> jvmOptions;
    private final Duration startupTimeout;
    private final String rootLogLevel;
    private final boolean dynamicQuorum;
    private final KafkaNode node;
    private final String clusterId = Uuid.randomUuid().toString();
    private ChildJvm last;
    private int port;
    private int controllerPort;
    /** Client listeners besides PLAINTEXT: name → security protocol, and the ports picked for them. */
    private final Map<String, String> extraListeners;
    private final Map<String, Integer> extraPorts = new LinkedHashMap<>();
    private double startupMillis;

    private KafkaBroker(Builder builder) {
        this.overrides = Map.copyOf(builder.config);
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.startupTimeout = builder.startupTimeout;
        this.rootLogLevel = builder.rootLogLevel;
        this.dynamicQuorum = builder.dynamicQuorum;
        this.extraListeners = new LinkedHashMap<>(builder.extraListeners);
        this.node = new KafkaNode(builder.name, builder.directory);
    }

    /** @param directory the node's working directory (created if missing): configuration, {@code data/}, output */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The {@code host:port} of a listener added with {@link Builder#listener}. */
    public String bootstrapServers(String listenerName) {
        Integer extra = extraPorts.get(listenerName);
        if (extra == null) {
            throw new IllegalArgumentException("no listener " + listenerName);
        }
        return HOST + ":" + extra;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The node's working directory: {@code server.properties}, {@code data/} and {@code kafka.out}. */
    public Path directory() {
        return node.directory();
    }

    /** The {@code log.dirs} of the node. */
    public Path dataDirectory() {
        return node.dataDirectory();
    }

    /** The cluster id the storage was formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /** The running (or, once stopped or killed, the last) child JVM. */
    public ChildJvm jvm() {
        if (last == null) {
            throw new IllegalStateException(node.name() + " was never launched");
        }
        return last;
    }

    public boolean isAlive() {
        return last != null && last.isAlive();
    }

    /** Milliseconds from spawning the JVM until it first answered ApiVersions, for the last start. */
    public double startupMillis() {
        return startupMillis;
    }

    /** The end of the child's output, for failure messages. */
    public String outputTail() {
        return node.tail();
    }

    /** Starts the node again on the same ports and data, after {@link #stop} or {@link #kill}. */
    public void start() throws IOException {
        launchAndAwait();
    }

    /**
     * Stops the node gracefully (SIGTERM, controlled shutdown), killing it after {@code timeout}.
     *
     * @return whether it exited on its own within {@code timeout}
     */
    public boolean stop(Duration timeout) {
        return node.stop(timeout);
    }

    /** SIGKILL: no controlled shutdown, no flush. */
    public void kill() {
        node.kill();
    }

    /** Stops the node gracefully and starts it again on the same data and ports. */
    public void restart() throws IOException {
        node.stop(Duration.ofSeconds(60));
        launchAndAwait();
    }

    /** Kills the node if it runs. The directory stays: it belongs to the caller. */
    @Override
    public void close() {
        node.kill();
    }

    private void startFresh() throws IOException {
        BrokerStartException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int[] ports = FreePorts.pick(2 + extraListeners.size());
            port = ports[0];
            controllerPort = ports[1];
            int next = 2;
            for (String name : extraListeners.keySet()) {
                extraPorts.put(name, ports[next++]);
            }
            try {
                node.writeConfig(config(), rootLogLevel);
                if (attempt == 1) {
                    node.format(clusterId);
                }
                launchAndAwait();
                return;
            } catch (BrokerStartException.PortTaken e) {
                node.kill();
                last = e;
            }
        }
        throw last;
    }

    private Map<String, String> config() {
        String controller = HOST + ":" + controllerPort;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        if (dynamicQuorum) {
            config.put("controller.quorum.bootstrap.servers", controller);
            config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + controller);
        } else {
            config.put("controller.quorum.voters", NODE_ID + "@" + controller);
            config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        }
        config.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + controller);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        extraListeners.forEach((name, protocol) -> {
            String address = name + "://" + HOST + ":" + extraPorts.get(name);
            config.put("listeners", config.get("listeners") + "," + address);
            config.put("advertised.listeners", config.get("advertised.listeners") + "," + address);
            config.put("listener.security.protocol.map", config.get("listener.security.protocol.map") + ","
                    + name + ":" + protocol);
        });
        config.put("log.dirs", node.dataDirectory().toString());
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.putAll(overrides);
        return config;
    }

    private void launchAndAwait() throws IOException {
        ChildJvm jvm = node.launch(jvmOptions);
        last = jvm;
        long deadline = jvm.spawnNanos() + startupTimeout.toNanos();
        try {
            long answered = Readiness.awaitApiVersions(jvm, HOST, port, deadline);
            startupMillis = (answered - jvm.spawnNanos()) / 1e6;
            // answering requests is not yet knowing itself as a broker of the cluster: clients need that
            try (Admin admin = Readiness.probeAdmin(bootstrapServers())) {
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
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.kill();
            throw new BrokerStartException("Interrupted while waiting for " + node.name(), e);
        } catch (IOException | RuntimeException e) {
            node.kill();
            throw e;
        }
    }

    private void checkAlive(long deadline) throws BrokerStartException {
        node.checkAlive();
        if (System.nanoTime() > deadline) {
            throw new BrokerStartException(node.name() + " did not accept clients within " + startupTimeout + ":\n"
                    + node.tail());
        }
    }

    /** Builds and starts a {@link KafkaBroker}: quick-start JVM options with {@code -Xmx768m} and 90 s unless set. */
    public static final class Builder {
        private final Path directory;
        private final Map<String, String> config = new LinkedHashMap<>();
        private String name = "Apache Kafka";
        private List<String> jvmOptions = KafkaNode.quickStartJvmOptions("768m");
        private Duration startupTimeout = Duration.ofSeconds(90);
        private String rootLogLevel = "WARN";
        private boolean dynamicQuorum;
        private final Map<String, String> extraListeners = new LinkedHashMap<>();

        private Builder(Path directory) {
            this.directory = directory;
        }

        /** How errors and logs name the node. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** One {@code server.properties} entry; wins over the single-node defaults. */
        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** Several {@code server.properties} entries. */
        public Builder config(Map<String, String> entries) {
            config.putAll(entries);
            return this;
        }

        /**
         * Another client listener beside PLAINTEXT, on a free port, advertised as bound (for example
         * {@code SASL_PLAINTEXT} with protocol {@code SASL_PLAINTEXT}); its security settings go through
         * {@link #config}, named the Kafka way ({@code listener.name.<name>.*}).
         */
        public Builder listener(String name, String securityProtocol) {
            extraListeners.put(name, securityProtocol);
            return this;
        }

        /** The child's JVM options (heap, GC, flags); the log4j2 configuration is added. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** How long a start may take until the node answers; on timeout it is killed. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** The level of Kafka's root logger in {@code kafka.out} (default WARN). */
        public Builder rootLogLevel(String level) {
            this.rootLogLevel = level;
            return this;
        }

        /**
         * A dynamic controller quorum ({@code controller.quorum.bootstrap.servers}, formatted
         * {@code --standalone}), as Kafka's quick-start configuration has; default: a static
         * {@code controller.quorum.voters}.
         */
        public Builder dynamicQuorum(boolean dynamic) {
            this.dynamicQuorum = dynamic;
            return this;
        }

        /** Writes the configuration, formats the storage, starts the node and waits until it accepts clients. */
        public KafkaBroker start() throws IOException {
            KafkaBroker broker = new KafkaBroker(this);
            try {
                broker.startFresh();
                return broker;
            } catch (IOException | RuntimeException | Error e) {
                broker.close();
                throw e;
            }
        }
    }
}
