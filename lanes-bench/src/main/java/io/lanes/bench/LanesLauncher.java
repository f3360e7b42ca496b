package io.lanes.bench;

import io.lanes.launch.BrokerStartException;
import io.lanes.launch.LanesProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lanes as a user starts it: {@code lanes server} in its own JVM with one durability mode (lanes-launch's
 * {@link LanesProcess}). With {@code --lanes-jar} (run.sh passes the jar the {@code ./lanes} launcher runs) it is
 * {@code java -jar lanes.jar}; otherwise {@code io.lanes.cli.Main} on the benchmark's classpath,
 * which also carries Kafka's server jars and costs Lanes about 10 MiB of idle RSS.
 */
final class LanesLauncher implements BrokerLauncher {

    static final String MAIN_CLASS = LanesProcess.MAIN_CLASS;
    private static final String HOST = "127.0.0.1";

    private final BenchConfig config;
    private final BrokerKind kind;
    private final Optional<SecureListeners> secure;
    private final Map<String, String> settings = new LinkedHashMap<>();

    LanesLauncher(BenchConfig config, BrokerKind kind) {
        this(config, kind, Optional.empty());
    }

    /** With {@code secure}: SSL and SASL_SSL listeners beside PLAINTEXT, configured as on Kafka. */
    LanesLauncher(BenchConfig config, BrokerKind kind, Optional<SecureListeners> secure) {
        this.secure = secure;
        if (!kind.isLanes()) {
            throw new IllegalArgumentException(kind + " is not a Lanes mode");
        }
        this.config = config;
        this.kind = kind;
    }

    /** A broker setting for every start of this launcher (a feature a benchmark needs, e.g. share groups). */
    LanesLauncher setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** The {@code lanes.durability} value for a Lanes broker kind. */
    static String durability(BrokerKind kind) {
        return kind == BrokerKind.LANES_FSYNC ? "fsync" : "page-cache";
    }

    /**
     * Extra broker settings from {@code LANES_BENCH_LANES_SET} (comma-separated {@code key=value}), e.g.
     * {@code lanes.metrics.enabled=false} to measure what metrics cost.
     */
    static List<String> extraSettings() {
        String value = System.getenv("LANES_BENCH_LANES_SET");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The {@code ./lanes} launcher's class-data-sharing options when its archive beside the jar is current (as the
     * launcher uses it), so the start-up figure is what {@code ./lanes server} costs; none otherwise.
     */
    static List<String> classDataSharing(java.util.Optional<Path> jar) {
        if (jar.isEmpty()) {
            return List.of();
        }
        Path archive = StartupBench.archive(jar.get());
        try {
            if (!java.nio.file.Files.isRegularFile(archive) || java.nio.file.Files.getLastModifiedTime(archive)
                    .compareTo(java.nio.file.Files.getLastModifiedTime(jar.get())) <= 0) {
                return List.of();
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** True when Lanes can be started: a jar was given, or the CLI is on the classpath. */
    static boolean available(BenchConfig config) {
        return LanesProcess.available(config.lanesJar());
    }

    @Override
    public RunningBroker start(Path dir) throws BenchException, IOException, InterruptedException {
        List<String> options = new ArrayList<>(config.lanesJvmOptions());
        options.addAll(classDataSharing(config.lanesJar()));
        options.addAll(JvmOptions.flightRecorder(config.profileFile(kind)));
        LanesProcess.Builder lanes = LanesProcess.builder(dir.resolve("data"))
                .name(kind.id())
                .jvmOptions(options)
                .setting("lanes.durability", durability(kind))
                .log(dir.resolve("lanes.log"))
                .startupTimeout(config.startupTimeout());
        if (kind == BrokerKind.LANES_METRICS_OFF) {
            lanes.setting("lanes.metrics.enabled", "false");
        } else if (kind == BrokerKind.LANES_HOTKEYS_OFF) {
            lanes.setting("lanes.hotkeys.sample.every.batches", "0");
        }
        config.lanesJar().ifPresent(lanes::jar);
        Map<String, String> listeners = new LinkedHashMap<>();
        if (secure.isPresent()) {
            int[] ports = io.lanes.launch.FreePorts.pick(3);
            lanes.port(ports[0]);
            lanes.setting("listeners", SecureListeners.lanesListeners(HOST, ports[0], ports[1], ports[2]));
            lanes.settings(secure.get().brokerSettings());
            listeners.put("SSL", HOST + ":" + ports[1]);
            listeners.put("SASL_SSL", HOST + ":" + ports[2]);
        }
        lanes.settings(settings);
        for (String setting : extraSettings()) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
                throw new BenchException("LANES_BENCH_LANES_SET: '" + setting + "' is not key=value");
            }
            lanes.setting(setting.substring(0, equals), setting.substring(equals + 1));
        }
        try {
            LanesProcess running = lanes.start();
            return new RunningBroker(kind, running.jvm(), HOST, running.port(), running.startupMillis(), listeners);
        } catch (BrokerStartException e) {
            throw new BenchException(e.getMessage(), e);
        }
    }
}
