package io.lanes.cli.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@link Logging} over log4j, when log4j is slf4j's binding (the modules' class paths). Loaded only then: the
 * {@code lanes} jar does not contain log4j.
 *
 * <p>Thread-safety: as log4j's {@link Configurator}.
 */
final class Log4jLevels {

    private Log4jLevels() {
    }

    static LevelOverride atLeast(String prefix, org.slf4j.event.Level level) {
        Level wanted = Level.valueOf(level.name());
        Level previous = LogManager.getLogger(prefix).getLevel();
        if (previous.isMoreSpecificThan(wanted)) { // already at wanted or above
            return () -> { };
        }
        Configurator.setLevel(prefix, wanted);
        return () -> Configurator.setLevel(prefix, previous);
    }

    static void shutdown() {
        LogManager.shutdown();
    }
}
