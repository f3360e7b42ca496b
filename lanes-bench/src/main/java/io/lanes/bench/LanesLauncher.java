package io.lanes.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lanes as a user starts it: {@code io.lanes.ops.LanesCli server} in its own JVM, on the benchmark's
 * classpath (lanes-ops is a dependency of this module), with one durability mode.
 */
final class LanesLauncher implements BrokerLauncher {

    static final String MAIN_CLASS = "io.lanes.ops.LanesCli";
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

    /** True when the Lanes CLI is on the classpath (it is not while the broker is being written). */
    static boolean available() {
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
        List<String> args = List.of("server",
                "--port", Integer.toString(port),
                "--data-dir", dir.resolve("data").toString(),
                "--set", "lanes.durability=" + durability(kind));
        ChildJvm jvm = ChildJvm.start(kind.id(), options, MAIN_CLASS, args, dir.resolve("lanes.log"));
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
