package io.lanes.testkit;

import io.lanes.testkit.internal.Directories;
import io.lanes.testkit.internal.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String KAFKA_MAIN = "kafka.Kafka";
    private static final int START_ATTEMPTS = 3;

    private final Map<String, String> overrides;
    private final String maxHeap;
    private final Duration startupTimeout;
    private final Path directory;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Thread shutdownHook = new Thread(this::killQuietly, "embedded-apache-kafka-shutdown");
    private Process process;
    private int port;
    private int controllerPort;
    private boolean closed;

    private EmbeddedApacheKafka(Builder builder) {
        this.overrides = Map.copyOf(builder.brokerConfig);
        this.maxHeap = builder.maxHeap;
        this.startupTimeout = builder.startupTimeout;
        this.directory = Directories.createTemp("apache-kafka-");
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
        return requireProcess().pid();
    }

    /** The child JVM, for tests that need to signal it. */
    public Process process() {
        return requireProcess();
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
        Process running = requireProcess();
        running.destroy();
        try {
            if (!running.waitFor(60, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping Apache Kafka", e);
        }
        process = null;
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
                writeConfig();
                if (attempt == 1) {
                    formatStorage();
                }
                launchAndAwait();
                return;
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    private void writeConfig() throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", directory.resolve("data").toString());
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
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(serverProperties(), StandardCharsets.UTF_8)) {
            properties.store(writer, "Written by EmbeddedApacheKafka");
        }
        Files.writeString(directory.resolve("log4j2.properties"), String.join("\n",
                "status = error",
                "appender.out.type = Console",
                "appender.out.name = OUT",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.out.ref = OUT",
                "logger.started.name = kafka.server.KafkaRaftServer",
                "logger.started.level = INFO",
                ""), StandardCharsets.UTF_8);
    }

    private void formatStorage() throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try {
            Class<?> tool = Class.forName(STORAGE_TOOL);
            Method execute = tool.getMethod("execute", String[].class, PrintStream.class);
            String[] args = {"format", "--cluster-id", clusterId, "--config", serverProperties().toString(),
                    "--ignore-formatted"};
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exitCode = (Integer) execute.invoke(null, args, out);
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Apache Kafka is not on the class path: add a test dependency on "
                    + "org.apache.kafka:kafka_2.13 to run EmbeddedApacheKafka", e);
        } catch (InvocationTargetException e) {
            throw new IOException("Formatting Apache Kafka storage failed: " + output.toString(StandardCharsets.UTF_8),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Unexpected kafka.tools.StorageTool API", e);
        }
        if (exitCode != 0) {
            throw new IOException("Formatting Apache Kafka storage failed with exit code " + exitCode + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void launchAndAwait() throws IOException {
        Path log = directory.resolve("kafka.out");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms64m");
        command.add("-Xmx" + maxHeap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties").toUri());
        command.add("-cp");
        command.add(childClassPath());
        command.add(KAFKA_MAIN);
        command.add(serverProperties().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("KAFKA_OPTS");
        builder.environment().remove("KAFKA_HEAP_OPTS");
        process = builder.start();
        awaitClients(log);
    }

    private void awaitClients(Path log) throws IOException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        try {
            while (!acceptsConnections()) {
                checkAlive(log, deadline);
                sleep(Duration.ofMillis(50));
            }
            Map<String, Object> config = Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                    AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                    AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
            try (Admin admin = Admin.create(config)) {
                while (true) {
                    checkAlive(log, deadline);
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
            killQuietly();
            throw new IOException("Interrupted while waiting for Apache Kafka", e);
        }
    }

    private void checkAlive(Path log, long deadline) throws IOException {
        if (!process.isAlive()) {
            String output = tail(log);
            if (output.contains("Address already in use")) {
                throw new PortTakenException(output);
            }
            throw new IOException("Apache Kafka exited with code " + process.exitValue() + ":\n" + output);
        }
        if (System.nanoTime() > deadline) {
            String output = tail(log);
            process.destroyForcibly();
            throw new IOException("Apache Kafka did not accept clients within " + startupTimeout + ":\n" + output);
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /**
     * The class path for the child. Under Maven Surefire {@code java.class.path} may be a single
     * manifest-only jar; the real path is then in {@code surefire.test.class.path}.
     */
    private static String childClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        return System.getProperty("java.class.path");
    }

    private Path serverProperties() {
        return directory.resolve("server.properties");
    }

    private Process requireProcess() {
        if (process == null) {
            throw new IllegalStateException("Apache Kafka is not running");
        }
        return process;
    }

    private void killQuietly() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            try {
                running.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing a test for
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** The child could not bind a port picked a moment before: try again with other ports. */
    private static final class PortTakenException extends IOException {
        PortTakenException(String output) {
            super("A port picked for Apache Kafka was taken:\n" + output);
        }
    }

    /** Builds and starts an {@link EmbeddedApacheKafka}. */
    public static final class Builder {
        private final Map<String, String> brokerConfig = new LinkedHashMap<>();
        private String maxHeap = "768m";
        private Duration startupTimeout = Duration.ofSeconds(90);

        private Builder() {
        }

        /** Sets one {@code server.properties} entry, overriding the defaults. */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        /** Sets several {@code server.properties} entries. */
        public Builder brokerConfig(Map<String, String> properties) {
            brokerConfig.putAll(properties);
            return this;
        }

        /** The child's {@code -Xmx}, {@code 768m} unless set. */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        /** How long to wait for the node to accept clients, 90 s unless set. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
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
