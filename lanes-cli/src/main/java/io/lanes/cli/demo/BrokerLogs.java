package io.lanes.cli.demo;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps the embedded broker's INFO lines out of the demo's output (warnings still show), and
 * puts the previous level back when closed.
 */
final class BrokerLogs implements AutoCloseable {
    private static final String BROKER_LOGGERS = "io.lanes";

    private final Level previous;

    private BrokerLogs(Level previous) {
        this.previous = previous;
    }

    static BrokerLogs quiet() {
        Level previous = LogManager.getLogger(BROKER_LOGGERS).getLevel();
        if (previous.isLessSpecificThan(Level.WARN)) {
            Configurator.setLevel(BROKER_LOGGERS, Level.WARN);
        }
        return new BrokerLogs(previous);
    }

    @Override
    public void close() {
        Configurator.setLevel(BROKER_LOGGERS, previous);
    }
}
