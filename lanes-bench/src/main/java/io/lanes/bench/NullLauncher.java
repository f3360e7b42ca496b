package io.lanes.bench;

import io.lanes.bench.nullbroker.NullBroker;
import io.lanes.launch.BrokerStartException;
import io.lanes.launch.ChildJvm;
import io.lanes.launch.FreePorts;
import io.lanes.launch.Readiness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The null broker ({@link NullBroker}) in a child JVM of its own, started with the Lanes broker's JVM options, with
 * {@code --partitions}' first count as every topic's partition count unless its name ends in {@code -p<N>}.
 */
final class NullLauncher implements BrokerLauncher {

    private static final String HOST = "127.0.0.1";

    private final BenchConfig config;

    NullLauncher(BenchConfig config) {
        this.config = config;
    }

    @Override
    public RunningBroker start(Path dir) throws BenchException, IOException, InterruptedException {
        int port = FreePorts.pick();
        List<String> options = new ArrayList<>(config.lanesJvmOptions());
        options.addAll(JvmOptions.flightRecorder(config.profileFile(BrokerKind.NULL)));
        ChildJvm jvm = ChildJvm.start(BrokerKind.NULL.id(), options, NullBroker.class.getName(),
                List.of(HOST, Integer.toString(port), Integer.toString(config.defaultPartitions())),
                dir.resolve("null-broker.log"));
        try {
            long answered = Readiness.awaitApiVersions(jvm, HOST, port,
                    System.nanoTime() + config.startupTimeout().toNanos());
            return new RunningBroker(BrokerKind.NULL, jvm, HOST, port, (answered - jvm.spawnNanos()) / 1e6);
        } catch (BrokerStartException e) {
            jvm.stop(java.time.Duration.ofSeconds(5));
            throw new BenchException(e.getMessage(), e);
        }
    }
}
