package io.lanes.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One Apache Kafka node run as a child JVM ({@code kafka.Kafka} from this JVM's class path), and the files it
 * lives in. This class writes, formats, launches and stops; the caller decides the configuration and when the
 * node is ready ({@link KafkaBroker} for one node, a cluster for several).
 *
 * <p>Directory layout: {@code server.properties} and {@code log4j2.properties} (written by {@link #writeConfig}),
 * {@code data/} (the {@code log.dirs} the caller should configure, see {@link #dataDirectory()}) and
 * {@code kafka.out}, the child's standard output and error, appended to across restarts. The caller needs
 * {@code org.apache.kafka:kafka_2.13} on its class path. Instances are not thread-safe.
 */
public final class KafkaNode {

    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String KAFKA_MAIN = "kafka.Kafka";
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Path directory;
    private ChildJvm jvm;
    private boolean dynamicQuorum;

    /**
     * @param name      how errors name the node, for example {@code "Apache Kafka node 2"}
     * @param directory an existing directory owned by this node
     */
    public KafkaNode(String name, Path directory) {
        this.name = name;
        this.directory = directory;
    }

    /** JVM options that favour start-up time over peak throughput, for test brokers. */
    public static List<String> quickStartJvmOptions(String maxHeap) {
        return List.of("-Xms64m", "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true");
    }

    public String name() {
        return name;
    }

    /** The node's working directory. */
    public Path directory() {
        return directory;
    }

    /** Where the node should keep its logs: {@code data/} in {@link #directory()}. */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /**
     * Writes {@code server.properties} with these entries, and a log4j2 configuration at {@code rootLogLevel}
     * that also prints Kafka's "started" line.
     */
    public void writeConfig(Map<String, String> config, String rootLogLevel) throws IOException {
        Files.createDirectories(directory);
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(serverProperties(), StandardCharsets.UTF_8)) {
            properties.store(writer, "Written by lanes-launch");
        }
        dynamicQuorum = config.containsKey("controller.quorum.bootstrap.servers")
                && !config.containsKey("controller.quorum.voters");
        Files.writeString(log4jConfig(), String.join("\n",
                "status = error",
                "appender.out.type = Console",
                "appender.out.name = OUT",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = " + rootLogLevel,
                "rootLogger.appenderRef.out.ref = OUT",
                "logger.started.name = kafka.server.KafkaRaftServer",
                "logger.started.level = INFO",
                ""), StandardCharsets.UTF_8);
    }

    /**
     * Formats the storage named by {@code server.properties} with {@code kafka.tools.StorageTool}, in this JVM
     * (a child JVM would cost seconds). Already formatted storage is left alone. A configuration with
     * {@code controller.quorum.bootstrap.servers} (a dynamic quorum, as in Kafka's quick start) is formatted
     * {@code --standalone}.
     */
    public void format(String clusterId) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try {
            Class<?> tool = Class.forName(STORAGE_TOOL);
            Method execute = tool.getMethod("execute", String[].class, PrintStream.class);
            List<String> args = new ArrayList<>(List.of("format", "--cluster-id", clusterId,
                    "--config", serverProperties().toString(), "--ignore-formatted"));
            if (dynamicQuorum) {
                args.add("--standalone");
            }
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exitCode = (Integer) execute.invoke(null, args.toArray(String[]::new), out);
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Apache Kafka is not on the class path: add a dependency on "
                    + "org.apache.kafka:kafka_2.13 to run it", e);
        } catch (InvocationTargetException e) {
            throw new IOException("Formatting " + name + " storage failed: " + output.toString(StandardCharsets.UTF_8),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Unexpected kafka.tools.StorageTool API", e);
        }
        if (exitCode != 0) {
            throw new IOException("Formatting " + name + " storage failed with exit code " + exitCode + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Starts the child JVM with these options (heap, GC, ...; the log4j2 configuration is added here); returns at
     * once, before the node accepts clients.
     */
    public ChildJvm launch(List<String> jvmOptions) throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dlog4j2.configurationFile=" + log4jConfig().toUri());
        jvm = ChildJvm.start(name, options, KAFKA_MAIN, List.of(serverProperties().toString()), log());
        return jvm;
    }

    /** Whether the child JVM was launched and has not been stopped or killed by this object. */
    public boolean isRunning() {
        return jvm != null;
    }

    /** The running child JVM. */
    public ChildJvm jvm() {
        if (jvm == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return jvm;
    }

    /** The running child JVM's process. */
    public Process process() {
        return jvm().process();
    }

    /**
     * Throws if the child exited on its own: a {@link BrokerStartException.PortTaken} when it could not bind a
     * port, a {@link BrokerStartException} with the end of its output otherwise.
     */
    public void checkAlive() throws BrokerStartException {
        ChildJvm running = jvm();
        if (!running.isAlive()) {
            throw BrokerStartException.exited(name, running.exitCode(), tail());
        }
    }

    /**
     * Stops the child with SIGTERM (Kafka's controlled shutdown), killing it after {@code timeout}.
     *
     * @return whether it exited on its own within {@code timeout}
     */
    public boolean stop(Duration timeout) {
        ChildJvm running = jvm();
        jvm = null;
        return running.stop(timeout);
    }

    /** Kills the child at once (SIGKILL), as a crash would; does nothing if it is not running. */
    public void kill() {
        ChildJvm running = jvm;
        jvm = null;
        if (running != null) {
            running.kill();
        }
    }

    /** The last lines the child printed, for error messages. */
    public String tail() {
        return ChildJvm.tailOf(log(), TAIL_LINES);
    }

    /** The child's output file, appended to across restarts. */
    public Path log() {
        return directory.resolve("kafka.out");
    }

    private Path serverProperties() {
        return directory.resolve("server.properties");
    }

    private Path log4jConfig() {
        return directory.resolve("log4j2.properties");
    }
}
