package io.lanes.testkit.internal;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One Apache Kafka node run as a child JVM ({@code kafka.Kafka} from this JVM's class path), and
 * the files it lives in. Not API: {@code EmbeddedApacheKafka} and {@code EmbeddedKafkaCluster}
 * decide the configuration and when the node is ready; this class writes, formats, launches and
 * stops.
 *
 * <p>Directory layout: {@code server.properties} and {@code log4j2.properties} (written by
 * {@link #writeConfig}), {@code data/} (the {@code log.dirs} the caller should configure, see
 * {@link #dataDirectory()}) and {@code kafka.out}, the child's standard output and error, appended
 * to across restarts. Instances are not thread-safe.
 */
public final class KafkaNodeProcess {

    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String KAFKA_MAIN = "kafka.Kafka";
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Path directory;
    private final String maxHeap;
    private Process process;

    /**
     * @param name     how errors name the node, for example {@code "Apache Kafka node 2"}
     * @param directory an existing directory owned by this node
     * @param maxHeap  the child's {@code -Xmx}, for example {@code "384m"}
     */
    public KafkaNodeProcess(String name, Path directory, String maxHeap) {
        this.name = name;
        this.directory = directory;
        this.maxHeap = maxHeap;
    }

    /** The node's working directory. */
    public Path directory() {
        return directory;
    }

    /** Where the node should keep its logs: {@code data/} in {@link #directory()}. */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** Writes {@code server.properties} with these entries, and a log4j2 configuration that keeps warnings. */
    public void writeConfig(Map<String, String> config) throws IOException {
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(serverProperties(), StandardCharsets.UTF_8)) {
            properties.store(writer, "Written by the Lanes testkit");
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

    /**
     * Formats the storage named by {@code server.properties} with {@code kafka.tools.StorageTool}, in
     * this JVM. Already formatted storage is left alone.
     */
    public void format(String clusterId) throws IOException {
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
                    + "org.apache.kafka:kafka_2.13 to run it embedded", e);
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

    /** Starts the child JVM; returns at once, before the node accepts clients. */
    public void launch() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms64m");
        command.add("-Xmx" + maxHeap);
        // start-up time matters more than peak throughput for test brokers
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
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().remove("KAFKA_OPTS");
        builder.environment().remove("KAFKA_HEAP_OPTS");
        process = builder.start();
    }

    /** Whether the child JVM was launched and has not been stopped or killed by this object. */
    public boolean isRunning() {
        return process != null;
    }

    /** The child JVM. */
    public Process process() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process;
    }

    /**
     * Throws if the child exited on its own: a {@link PortTakenException} when it could not bind a
     * port, an {@link IOException} with the end of its output otherwise.
     */
    public void checkAlive() throws IOException {
        Process running = process();
        if (!running.isAlive()) {
            String output = tail();
            if (output.contains("Address already in use")) {
                throw new PortTakenException(name, output);
            }
            throw new IOException(name + " exited with code " + running.exitValue() + ":\n" + output);
        }
    }

    /** Stops the child with SIGTERM (Kafka's controlled shutdown), killing it after {@code timeout}. */
    public void stop(Duration timeout) throws IOException {
        Process running = process();
        running.destroy();
        try {
            if (!running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping " + name, e);
        } finally {
            process = null;
        }
    }

    /** Kills the child at once (SIGKILL), as a crash would; does nothing if it is not running. */
    public void kill() {
        Process running = process;
        process = null;
        if (running != null) {
            running.destroyForcibly();
            try {
                running.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The last lines the child printed, for error messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Whether something accepts TCP connections on this loopback port. */
    public static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An admin client with short timeouts and back-offs, for polling a starting node. */
    public static Admin probeAdmin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200));
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

    private Path log() {
        return directory.resolve("kafka.out");
    }

    /** The child could not bind a port picked a moment before: the caller tries again with other ports. */
    public static final class PortTakenException extends IOException {
        PortTakenException(String name, String output) {
            super("A port picked for " + name + " was taken:\n" + output);
        }
    }
}
