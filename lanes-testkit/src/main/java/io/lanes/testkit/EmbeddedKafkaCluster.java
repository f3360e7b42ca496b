package io.lanes.testkit;

import io.lanes.launch.BrokerStartException;
import io.lanes.launch.Directories;
import io.lanes.launch.FreePorts;
import io.lanes.launch.KafkaNode;
import io.lanes.launch.Readiness;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real three-node Apache Kafka cluster on loopback, each node a child JVM running
 * {@code kafka.Kafka} as a combined KRaft broker and controller, so code that must survive
 * replication, leader changes and {@code min.insync.replicas} can be tested against the real thing.
 *
 * <p>Nodes have ids {@code 1..3}. The three controllers form a static quorum
 * ({@code controller.quorum.voters}, KRaft version 0) and every node's storage is formatted with the
 * same cluster id by {@code kafka.tools.StorageTool}, in this JVM, before the children start.
 * Clients connect to {@code PLAINTEXT://127.0.0.1:<free port>} of any node;
 * {@link #bootstrapServers()} lists all three. Defaults, which any {@link Builder#brokerConfig}
 * entry overrides:
 * <ul>
 *   <li>durability as in production: {@code default.replication.factor=3},
 *       {@code min.insync.replicas=2}, replication factor 3 and min ISR 2 for the offsets,
 *       transaction and share-state topics;</li>
 *   <li>fast tests: {@code group.initial.rebalance.delay.ms=0}, three partitions for the offsets and
 *       transaction topics (Kafka's 50 make the first group slow to start),
 *       {@code broker.heartbeat.interval.ms=500} (brokers are unfenced sooner after start-up) and
 *       {@code broker.session.timeout.ms=6000} (a killed node is fenced and its leaderships moved
 *       within seconds), two network, I/O and background threads;</li>
 *   <li>small footprint: {@code -Xmx384m} per node, serial GC, C1 only.</li>
 * </ul>
 * {@code num.partitions} stays Kafka's default (1).
 *
 * <p>{@link Builder#start()} returns once every node reports the three brokers in
 * {@code DescribeCluster} and a topic with replication factor 3 has been created with a leader for
 * every partition (and deleted again). That takes several seconds, so share one cluster:
 * {@link KafkaClusterExtension} starts it once per test JVM.
 *
 * <p>{@link #stopNode(int)}, {@link #killNode(int)} and {@link #startNode(int)} take one node down
 * and bring it back on the same ports and data, for failover tests; with two of three nodes the
 * quorum and {@code min.insync.replicas=2} still hold. {@link #restart()} restarts the nodes one after
 * another, as a rolling restart would.
 *
 * <p>Each node lives in {@code node-<id>/} under {@link #directory()}: {@code server.properties},
 * {@code data/} and {@code kafka.out} (the child's output). {@link #close()} kills the children and
 * deletes the directory; a JVM shutdown hook does the same if the caller forgets. The caller needs
 * {@code org.apache.kafka:kafka_2.13} on its test class path. Instances are not thread-safe.
 */
public final class EmbeddedKafkaCluster implements BrokerUnderTest, AutoCloseable {

    /** The number of nodes. */
    public static final int NODE_COUNT = 3;

    private static final int START_ATTEMPTS = 3;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final String PROBE_TOPIC_PREFIX = "embedded-cluster-probe-";

    private final Map<String, String> overrides;
    private final Duration startupTimeout;
    private final List<String> jvmOptions;
    private final Path directory;
    private final String clusterId = Uuid.randomUuid().toString();
    private final List<KafkaNode> nodes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killQuietly, "embedded-kafka-cluster-shutdown");
    private int[] clientPorts;
    private int[] controllerPorts;
    private boolean closed;

    private EmbeddedKafkaCluster(Builder builder) throws IOException {
        this.overrides = Map.copyOf(builder.brokerConfig);
        this.startupTimeout = builder.startupTimeout;
        this.jvmOptions = KafkaNode.quickStartJvmOptions(builder.maxHeap);
        this.directory = Directories.createTemp("apache-kafka-cluster-");
        try {
            for (int nodeId : nodeIds()) {
                Path nodeDirectory = Files.createDirectory(directory.resolve("node-" + nodeId));
                nodes.add(new KafkaNode("Apache Kafka node " + nodeId, nodeDirectory));
            }
        } catch (IOException e) {
            Directories.deleteRecursively(directory);
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a cluster with the defaults and waits until it serves replicated topics. */
    public static EmbeddedKafkaCluster start() throws IOException {
        return builder().start();
    }

    @Override
    public String name() {
        return "Apache Kafka cluster";
    }

    /** All three nodes, for example {@code "127.0.0.1:40001,127.0.0.1:40003,127.0.0.1:40005"}. */
    @Override
    public String bootstrapServers() {
        return nodeIds().stream().map(this::bootstrapServers).collect(Collectors.joining(","));
    }

    /** One node's address, for a client that must talk to that node only. */
    public String bootstrapServers(int nodeId) {
        return "127.0.0.1:" + port(nodeId);
    }

    /** The node ids, {@code [1, 2, 3]}. */
    public List<Integer> nodeIds() {
        return IntStream.rangeClosed(1, NODE_COUNT).boxed().toList();
    }

    /** A node's client port. */
    public int port(int nodeId) {
        return clientPorts[index(nodeId)];
    }

    /** The process id of a running node's JVM. */
    public long pid(int nodeId) {
        return node(nodeId).process().pid();
    }

    /** Whether the node is running (started and not stopped or killed through this object). */
    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    /** The cluster's directory, holding {@code node-1/}, {@code node-2/} and {@code node-3/}. */
    public Path directory() {
        return directory;
    }

    /** The cluster id all nodes were formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /**
     * Stops one node gracefully (SIGTERM: controlled shutdown moves its leaderships away first) and
     * returns when its process has exited.
     */
    public void stopNode(int nodeId) throws IOException {
        node(nodeId).stop(STOP_TIMEOUT);
    }

    /**
     * Kills one node (SIGKILL), as a crash would: its leaderships move only when the controller
     * fences it, after {@code broker.session.timeout.ms}.
     */
    public void killNode(int nodeId) {
        node(nodeId).kill();
    }

    /**
     * Starts a stopped or killed node again on its ports and data, and returns once the cluster
     * serves replicated topics with all three brokers again.
     */
    public void startNode(int nodeId) throws IOException {
        node(nodeId).launch(jvmOptions);
        awaitReady();
    }

    /** Starts every stopped or killed node and waits for the whole cluster; does nothing if all run. */
    public void startStoppedNodes() throws IOException {
        boolean started = false;
        for (KafkaNode node : nodes) {
            if (!node.isRunning()) {
                node.launch(jvmOptions);
                started = true;
            }
        }
        if (started) {
            awaitReady();
        }
    }

    /**
     * Restarts the nodes one after another, each stopped gracefully and awaited before the next, so
     * the cluster stays available and keeps its data, ports and topic configs.
     */
    @Override
    public void restart() throws IOException {
        for (int nodeId : nodeIds()) {
            stopNode(nodeId);
            startNode(nodeId);
        }
    }

    /** Kills the child JVMs and deletes the cluster's directory. */
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
            int[] ports = FreePorts.pick(2 * NODE_COUNT);
            clientPorts = Arrays.copyOfRange(ports, 0, NODE_COUNT);
            controllerPorts = Arrays.copyOfRange(ports, NODE_COUNT, 2 * NODE_COUNT);
            try {
                for (int nodeId : nodeIds()) {
                    node(nodeId).writeConfig(config(nodeId), "WARN");
                    // storage does not depend on the ports: formatted once, kept on a retry
                    if (attempt == 1) {
                        node(nodeId).format(clusterId);
                    }
                }
                for (KafkaNode node : nodes) {
                    node.launch(jvmOptions);
                }
                awaitReady();
                return;
            } catch (BrokerStartException.PortTaken e) {
                nodes.forEach(KafkaNode::kill);
                last = e;
            }
        }
        throw last;
    }

    private Map<String, String> config(int nodeId) {
        String voters = nodeIds().stream()
                .map(id -> id + "@127.0.0.1:" + controllerPorts[index(id)])
                .collect(Collectors.joining(","));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(nodeId));
        config.put("controller.quorum.voters", voters);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port(nodeId)
                + ",CONTROLLER://127.0.0.1:" + controllerPorts[index(nodeId)]);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port(nodeId));
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", node(nodeId).dataDirectory().toString());
        config.put("default.replication.factor", "3");
        config.put("min.insync.replicas", "2");
        config.put("offsets.topic.replication.factor", "3");
        config.put("offsets.topic.num.partitions", "3");
        config.put("transaction.state.log.replication.factor", "3");
        config.put("transaction.state.log.min.isr", "2");
        config.put("transaction.state.log.num.partitions", "3");
        config.put("share.coordinator.state.topic.replication.factor", "3");
        config.put("share.coordinator.state.topic.min.isr", "2");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("broker.heartbeat.interval.ms", "500");
        config.put("broker.session.timeout.ms", "6000");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("background.threads", "2");
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        config.putAll(overrides);
        return config;
    }

    /**
     * Waits until every running node accepts clients and reports all brokers, then until a topic
     * replicated on every node gets a leader for each partition as seen by every running node.
     */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        List<Integer> running = nodeIds().stream().filter(this::isRunning).toList();
        try {
            for (int nodeId : running) {
                while (!Readiness.acceptsConnections(port(nodeId))) {
                    checkAlive(deadline);
                    sleep();
                }
            }
            List<Admin> admins = new ArrayList<>();
            try {
                for (int nodeId : running) {
                    admins.add(Readiness.probeAdmin(bootstrapServers(nodeId)));
                }
                for (Admin admin : admins) {
                    awaitBrokers(admin, running.size(), deadline);
                }
                awaitReplicatedTopic(admins, running.size(), deadline);
            } finally {
                admins.forEach(Admin::close);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nodes.forEach(KafkaNode::kill);
            throw new IOException("Interrupted while waiting for the Apache Kafka cluster", e);
        }
    }

    private void awaitBrokers(Admin admin, int brokers, long deadline) throws IOException, InterruptedException {
        while (true) {
            checkAlive(deadline);
            try {
                int registered = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1500))
                        .nodes().get(2, TimeUnit.SECONDS).size();
                if (registered >= brokers) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not ready yet
            }
            sleep();
        }
    }

    /**
     * Creates a probe topic with one partition per node, replication factor 3, waits until every
     * node sees a leader for each partition, and deletes it again so tests never see it.
     */
    private void awaitReplicatedTopic(List<Admin> admins, int brokers, long deadline)
            throws IOException, InterruptedException {
        String topic = PROBE_TOPIC_PREFIX + Uuid.randomUuid();
        short replicationFactor = (short) Math.min(brokers, NODE_COUNT);
        Admin first = admins.get(0);
        while (true) {
            checkAlive(deadline);
            try {
                first.createTopics(List.of(new NewTopic(topic, NODE_COUNT, replicationFactor)))
                        .all().get(3, TimeUnit.SECONDS);
                break;
            } catch (ExecutionException | TimeoutException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    break;
                }
                // too few brokers unfenced yet, or no controller leader yet
            }
            sleep();
        }
        for (Admin admin : admins) {
            while (!allPartitionsLed(admin, topic)) {
                checkAlive(deadline);
                sleep();
            }
        }
        try {
            first.deleteTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            for (Admin admin : admins) {
                while (listTopics(admin).contains(topic)) {
                    checkAlive(deadline);
                    sleep();
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Could not delete the probe topic " + topic, e);
        }
    }

    private static boolean allPartitionsLed(Admin admin, String topic) throws InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(1500))
                    .allTopicNames().get(2, TimeUnit.SECONDS).get(topic);
            return description.partitions().size() == NODE_COUNT
                    && description.partitions().stream().map(TopicPartitionInfo::leader).allMatch(leader -> leader != null);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static Set<String> listTopics(Admin admin) throws ExecutionException, TimeoutException, InterruptedException {
        return admin.listTopics(new ListTopicsOptions().timeoutMs(1500)).names().get(2, TimeUnit.SECONDS);
    }

    private void checkAlive(long deadline) throws IOException {
        for (KafkaNode node : nodes) {
            if (node.isRunning()) {
                node.checkAlive();
            }
        }
        if (System.nanoTime() > deadline) {
            String output = nodes.stream()
                    .map(node -> node.directory().getFileName() + ":\n" + node.tail())
                    .collect(Collectors.joining("\n"));
            nodes.forEach(KafkaNode::kill);
            throw new IOException("The Apache Kafka cluster was not ready within " + startupTimeout + ":\n" + output);
        }
    }

    private static void sleep() throws InterruptedException {
        Thread.sleep(POLL_INTERVAL.toMillis());
    }

    private KafkaNode node(int nodeId) {
        return nodes.get(index(nodeId));
    }

    private static int index(int nodeId) {
        if (nodeId < 1 || nodeId > NODE_COUNT) {
            throw new IllegalArgumentException("No node " + nodeId + ": node ids are 1 to " + NODE_COUNT);
        }
        return nodeId - 1;
    }

    private void killQuietly() {
        nodes.forEach(KafkaNode::kill);
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing a test for
        }
    }

    /**
     * Builds and starts an {@link EmbeddedKafkaCluster}: {@code -Xmx384m} per node and a 120 s timeout
     * for the cluster (or a restarted node) to be ready unless set; broker entries apply to every node.
     */
    public static final class Builder extends KafkaSettingsBuilder<Builder> {
        private Builder() {
            super("384m", Duration.ofSeconds(120));
        }

        /** Starts the three nodes and waits until the cluster serves replicated topics. */
        public EmbeddedKafkaCluster start() throws IOException {
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(this);
            try {
                cluster.startFresh();
                return cluster;
            } catch (IOException | RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
        }
    }
}
