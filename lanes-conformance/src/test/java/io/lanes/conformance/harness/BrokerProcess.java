package io.lanes.conformance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A broker running as a child JVM on the test class path: Lanes through its CLI
 * ({@code io.lanes.cli.LanesCli server}) or Apache Kafka ({@code kafka.Kafka}, KRaft combined
 * mode) as the reference. It keeps its port and data directory across restarts, so a scenario
 * can kill it with SIGKILL and bring it back on the same log.
 *
 * <p>Not thread-safe: one test thread drives the life cycle.
 */
public final class BrokerProcess implements TargetBroker {

    public enum Kind { LANES, APACHE_KAFKA }

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "broker-process-reaper"));
    }

    private final Kind kind;
    private final Path workDir;
    private final Path dataDir;
    private final Map<String, String> settings;
    private final int port;
    private final int controllerPort;
    private Process process;
    private Path output;
    private int starts;

    private BrokerProcess(Kind kind, Path workDir, Map<String, String> settings) {
        this.kind = kind;
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.settings = new LinkedHashMap<>(settings);
        this.port = FreePorts.pick();
        this.controllerPort = kind == Kind.APACHE_KAFKA ? FreePorts.pick() : -1;
    }

    /** Starts a broker of the given kind in {@code workDir} with server.properties-style settings. */
    public static BrokerProcess start(Kind kind, Path workDir, Map<String, String> settings) {
        BrokerProcess broker = new BrokerProcess(kind, workDir, settings);
        broker.start();
        return broker;
    }

    /** The kind named by system property {@code lanes.conformance.broker} (lanes unless it says kafka). */
    public static Kind selectedKind() {
        String selected = System.getProperty("lanes.conformance.broker", "lanes");
        return selected.toLowerCase().contains("kafka") ? Kind.APACHE_KAFKA : Kind.LANES;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String name() {
        return kind == Kind.LANES ? "lanes" : "apache-kafka";
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public Path logDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts (or restarts, after {@link #kill9()} or {@link #stop()}) on the same port and data directory. */
    public void start() {
        if (isAlive()) {
            throw new IllegalStateException(name() + " is already running");
        }
        try {
            Files.createDirectories(dataDir);
            starts++;
            output = workDir.resolve("broker-" + starts + ".out");
            List<String> command = kind == Kind.LANES ? lanesCommand() : kafkaCommand();
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            LIVE.add(process);
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name(), e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-shutdown marker. */
    public void kill9() {
        process.destroyForcibly(); // SIGKILL on Unix
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM and wait for a clean exit. */
    public void stop() {
        process.destroy(); // SIGTERM on Unix
        if (!awaitExit(Duration.ofSeconds(60))) {
            throw new IllegalStateException(name() + " did not exit within 60 s of SIGTERM\n" + outputTail());
        }
    }

    /** Exit code of the last run; only meaningful once it has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    /** The end of the current run's combined stdout/stderr, for failure messages. */
    public String outputTail() {
        try {
            if (output == null || !Files.exists(output)) {
                return "<no output>";
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return "--- " + name() + " output (" + output.getFileName() + ") ---\n"
                    + (text.length() > 8_000 ? "..." + text.substring(text.length() - 8_000) : text);
        } catch (IOException e) {
            return "<output unreadable: " + e + ">";
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                LIVE.remove(process);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<String> lanesCommand() {
        List<String> args = new ArrayList<>(List.of("server",
                "--port", Integer.toString(port),
                "--data-dir", dataDir.toString()));
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        return JavaCommand.command("io.lanes.cli.LanesCli", List.of("-Xmx512m"), args);
    }

    private List<String> kafkaCommand() throws IOException {
        Path config = workDir.resolve("server.properties");
        if (!Files.exists(config)) {
            Files.writeString(config, kafkaProperties());
            Files.writeString(workDir.resolve("log4j2.properties"), """
                    rootLogger.level = WARN
                    rootLogger.appenderRef.out.ref = OUT
                    appender.out.type = Console
                    appender.out.name = OUT
                    appender.out.layout.type = PatternLayout
                    appender.out.layout.pattern = [%d] %p %m (%c)%n
                    """);
            ProcessResult format = CommandRunner.run(JavaCommand.command("kafka.tools.StorageTool",
                    JavaCommand.QUICK_START,
                    List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString())),
                    Duration.ofSeconds(60));
            if (format.exitCode() != 0) {
                throw new IllegalStateException("kafka storage format failed: " + format.describe());
            }
        }
        return JavaCommand.command("kafka.Kafka",
                List.of("-Xmx768m", "-Dlog4j2.configurationFile=" + workDir.resolve("log4j2.properties")),
                List.of(config.toString()));
    }

    private String kafkaProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        settings.forEach((key, value) -> {
            if (key.equals("lanes.durability") && value.equals("fsync")) {
                props.put("log.flush.interval.messages", "1"); // Kafka's nearest equivalent
            } else if (!key.startsWith("lanes.")) {
                props.put(key, value);
            }
        });
        return props.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name() + " exited with " + process.exitValue()
                        + " before accepting connections\n" + outputTail());
            }
            if (kind == Kind.LANES ? printedListening() : answersMetadata()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException(name() + " not ready within " + START_TIMEOUT + "\n" + outputTail());
    }

    private boolean printedListening() {
        try {
            return Files.exists(output) && Files.readString(output, StandardCharsets.UTF_8).contains("listening on");
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersMetadata() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000"))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
