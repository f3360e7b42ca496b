package io.lanes.bench;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.launch.FreePorts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link LanesBroker#start} in this JVM, as an embedding test or application calls it: a fresh data directory
 * each time, the listener on a free port, the HTTP side on a free port, every other setting at its default.
 * The first start pays this JVM's class loading (cold); later ones show what a test suite pays per broker.
 * Each broker is closed before the next starts. Not thread-safe.
 */
final class InProcessStarts {

    private InProcessStarts() {
    }

    /** @return milliseconds of each {@link LanesBroker#start} call, in order */
    static List<Double> run(Path dir, int starts) throws IOException {
        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            BrokerConfig config = BrokerConfig.from(Map.of(
                    BrokerConfig.LOG_DIR, dir.resolve("start-" + i).toString(),
                    BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                    BrokerConfig.HTTP_PORT, Integer.toString(FreePorts.pick())));
            long started = System.nanoTime();
            LanesBroker broker = LanesBroker.start(config);
            millis.add((System.nanoTime() - started) / 1e6);
            broker.close();
            Cleanup.deleteRecursively(dir.resolve("start-" + i));
        }
        return millis;
    }
}
