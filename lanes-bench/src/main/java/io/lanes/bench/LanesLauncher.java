package io.lanes.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lanes as a user starts it: {@code lanes server} in its own JVM with one durability mode. With
 * {@code --lanes-jar} (run.sh passes the jar the {@code ./lanes} launcher runs) it is
 * {@code java -jar lanes.jar}; otherwise {@code io.lanes.cli.LanesCli} on the benchmark's classpath,
 * which also carries Kafka's server jars and costs Lanes about 10 MiB of idle RSS.
 */
final class LanesLauncher implements BrokerLauncher {

    static final String MAIN_CLASS = "io.lanes.cli.LanesCli";
    private static final String HOST = "127.0.0.1";

    private final BenchConfig config;
    private final BrokerKind kind;

    LanesLauncher(BenchConfig config, BrokerKind kind) {
        if (!kind.isLanes()) {
            throw new IllegalArgumentException(kind + " is not a Lanes mode");
        }
        this.config = config;
        this.kind = kind;
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
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** True when Lanes can be started: a jar was given, or the CLI is on the classpath. */
    static boolean available(BenchConfig config) {
        if (config.lanesJar().isPresent()) {
            return java.nio.file.Files.isRegularFile(config.lanesJar().get());
        }
        return onClasspath();
    }

    private static boolean onClasspath() {
        try {
            Class.forName(MAIN_CLASS, false, LanesLauncher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public RunningBroker start(Path dir) throws BenchException, IOException, InterruptedException {
        int port = FreePorts.next();
        List<String> options = new ArrayList<>(config.lanesJvmOptions());
        options.addAll(JvmOptions.flightRecorder(config.profileFile(kind)));
        List<String> args = new ArrayList<>(List.of("server",
                "--port", Integer.toString(port),
                "--data-dir", dir.resolve("data").toString(),
                "--set", "lanes.durability=" + durability(kind)));
        if (kind == BrokerKind.LANES_METRICS_OFF) {
            args.add("--set");
            args.add("lanes.metrics.enabled=false");
        }
        for (String setting : extraSettings()) {
            args.add("--set");
            args.add(setting);
        }
        List<String> target = config.lanesJar()
                .map(jar -> List.of("-jar", jar.toString()))
                .orElse(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        ChildJvm jvm = ChildJvm.start(kind.id(), options, target, args, dir.resolve("lanes.log"));
        try {
            long ready = ApiVersionsProbe.awaitReady(jvm, HOST, port,
                    System.nanoTime() + config.startupTimeout().toNanos());
            return new RunningBroker(kind, jvm, HOST, port, (ready - jvm.spawnNanos()) / 1e6);
        } catch (BenchException | InterruptedException | RuntimeException e) {
            jvm.close();
            throw e;
        }
    }
}
