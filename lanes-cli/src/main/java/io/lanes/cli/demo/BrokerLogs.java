package io.lanes.cli.demo;

import io.lanes.cli.logging.LevelOverride;
import io.lanes.cli.logging.Logging;
import org.slf4j.event.Level;

/**
 * Keeps the embedded broker's INFO lines out of the demo's output (warnings still show), and
 * puts the previous level back when closed.
 */
final class BrokerLogs implements AutoCloseable {
    private static final String BROKER_LOGGERS = "io.lanes";

    private final LevelOverride override;

    private BrokerLogs(LevelOverride override) {
        this.override = override;
    }

    static BrokerLogs quiet() {
        return new BrokerLogs(Logging.atLeast(BROKER_LOGGERS, Level.WARN));
    }

    @Override
    public void close() {
        override.close();
    }
}
