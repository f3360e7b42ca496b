package io.lanes.conformance.harness;

import io.lanes.launch.ChildJvm;
import io.lanes.launch.KafkaBroker;
import io.lanes.launch.KafkaNode;
import io.lanes.launch.LanesProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker running as a child JVM on the test class path: Lanes through its CLI
 * ({@code io.lanes.cli.Main server}, lanes-launch's {@link LanesProcess}) or Apache Kafka
 * ({@code kafka.Kafka}, KRaft combined mode, lanes-launch's {@link KafkaBroker}) as the reference. It
 * keeps its port and data directory across restarts, so a scenario can kill it with SIGKILL and bring
 * it back on the same log. Both are ready once they answer ApiVersions (Apache Kafka also once it
 * reports itself in DescribeCluster).
 *
 * <p>Not thread-safe: one test thread drives the life cycle.
 */
public final class BrokerProcess implements TargetBroker {

    public enum Kind { LANES, APACHE_KAFKA }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int OUTPUT_TAIL_CHARS = 8_000;

    private final Kind kind;
    private final Path workDir;
    private final Map<String, String> settings;
    private LanesProcess lanes;
    private KafkaBroker kafka;

    private BrokerProcess(Kind kind, Path workDir, Map<String, String> settings) {
        this.kind = kind;
        this.workDir = workDir;
        this.settings = new LinkedHashMap<>(settings);
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
        return kind == Kind.LANES ? lanes.bootstrapServers() : kafka.bootstrapServers();
    }

    @Override
    public Path logDir() {
        return workDir.resolve("data");
    }

    public long pid() {
        return jvm().pid();
    }

    public boolean isAlive() {
        return kind == Kind.LANES ? lanes != null && lanes.isAlive() : kafka != null && kafka.isAlive();
    }

    /** Starts (or restarts, after {@link #kill9()} or {@link #stop()}) on the same port and data directory. */
    public void start() {
        if (isAlive()) {
            throw new IllegalStateException(name() + " is already running");
        }
        try {
            if (kind == Kind.LANES) {
                if (lanes == null) {
                    lanes = LanesProcess.builder(logDir())
                            .name(name())
                            .settings(settings)
                            .log(workDir.resolve("lanes.out"))
                            .startupTimeout(START_TIMEOUT)
                            .build();
                }
                lanes.start();
            } else if (kafka == null) {
                Files.createDirectories(workDir);
                kafka = KafkaBroker.builder(workDir)
                        .name(name())
                        .config(kafkaSettings())
                        .jvmOptions(KafkaNode.quickStartJvmOptions("768m"))
                        .startupTimeout(START_TIMEOUT)
                        .start();
            } else {
                kafka.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name(), e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-shutdown marker. */
    public void kill9() {
        if (kind == Kind.LANES) {
            lanes.kill();
        } else {
            kafka.kill();
        }
    }

    /** SIGTERM and wait for a clean exit. */
    public void stop() {
        boolean clean = kind == Kind.LANES ? lanes.stop(STOP_TIMEOUT) : kafka.stop(STOP_TIMEOUT);
        if (!clean) {
            throw new IllegalStateException(name() + " did not exit within " + STOP_TIMEOUT + " of SIGTERM\n"
                    + outputTail());
        }
    }

    /** Exit code of the last run; only meaningful once it has exited. */
    public int exitCode() {
        return jvm().exitCode();
    }

    @Override
    public void close() {
        if (lanes != null) {
            lanes.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The end of the broker's combined stdout/stderr (appended to across restarts), for failure messages. */
    public String outputTail() {
        Path output = kind == Kind.LANES ? workDir.resolve("lanes.out") : workDir.resolve("kafka.out");
        try {
            if (!Files.exists(output)) {
                return "<no output>";
            }
            String text = Files.readString(output);
            return "--- " + name() + " output (" + output.getFileName() + ") ---\n"
                    + (text.length() > OUTPUT_TAIL_CHARS ? "..." + text.substring(text.length() - OUTPUT_TAIL_CHARS) : text);
        } catch (IOException e) {
            return "<output unreadable: " + e + ">";
        }
    }

    private ChildJvm jvm() {
        return kind == Kind.LANES ? lanes.jvm() : kafka.jvm();
    }

    /** Kafka's settings for the same scenario: the Lanes-only ones dropped, fsync durability mapped. */
    private Map<String, String> kafkaSettings() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        settings.forEach((key, value) -> {
            if (key.equals("lanes.durability") && value.equals("fsync")) {
                props.put("log.flush.interval.messages", "1"); // Kafka's nearest equivalent
            } else if (!key.startsWith("lanes.")) {
                props.put(key, value);
            }
        });
        return props;
    }
}
