package io.lanes.cli;

import io.lanes.broker.dashboard.LagVerdicts;
import io.lanes.ops.lag.GroupLag;
import io.lanes.ops.lag.LagMonitor;
import io.lanes.ops.lag.LagReport;
import io.lanes.ops.lag.LagSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operations library's lag verdicts for the broker's dashboard: a {@link LagMonitor} on the broker's own
 * listener (Burrow's rules over every consumer group, {@code lanes lag}'s defaults) evaluated every
 * {@value #INTERVAL_MS} ms on a daemon thread of its own; {@link #verdicts()} answers the latest evaluation at once.
 * A round that fails (the broker shutting down, a timeout) keeps the previous verdicts and is retried next round.
 *
 * <p>Thread-safe: one thread evaluates, any thread reads the published map.
 */
public final class LagVerdictFeed implements LagVerdicts, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LagVerdictFeed.class);
    static final long INTERVAL_MS = 5000;

    private final AtomicReference<Map<String, LagVerdict>> latest = new AtomicReference<>(Map.of());
    private final Thread thread;
    private volatile boolean running = true;

    private LagVerdictFeed(String bootstrapServers) {
        thread = new Thread(() -> run(bootstrapServers), "lanes-lag-verdicts");
        thread.setDaemon(true);
    }

    /** Starts evaluating the groups of the cluster at {@code bootstrapServers}. */
    public static LagVerdictFeed start(String bootstrapServers) {
        LagVerdictFeed feed = new LagVerdictFeed(bootstrapServers);
        feed.thread.start();
        return feed;
    }

    @Override
    public Map<String, LagVerdict> verdicts() {
        return latest.get();
    }

    private void run(String bootstrapServers) {
        Map<String, Object> client = Map.of("bootstrap.servers", bootstrapServers, "client.id", "lanes-lag-verdicts");
        try (LagMonitor monitor = LagMonitor.open(client, LagSettings.defaults())) {
            while (running) {
                try {
                    monitor.tick();
                    latest.set(verdictsOf(monitor.report()));
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                         | org.apache.kafka.common.KafkaException e) {
                    log.debug("Lag verdicts: this round failed, keeping the previous ones", e);
                }
                Thread.sleep(INTERVAL_MS);
            }
        } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                log.warn("Lag verdicts for the dashboard stopped: {}", e.toString());
            }
        }
    }

    static Map<String, LagVerdict> verdictsOf(LagReport report) {
        Map<String, LagVerdict> out = new HashMap<>();
        for (GroupLag g : report.groups()) {
            out.put(g.group(), new LagVerdict(g.verdict().name(), g.rule() == null ? "" : g.rule(),
                    report.timestampMs()));
        }
        return Map.copyOf(out);
    }

    /** Stops evaluating (waits for the evaluating thread, a few seconds at most). */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
