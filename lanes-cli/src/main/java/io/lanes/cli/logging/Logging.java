package io.lanes.cli.logging;

import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What the command line asks of logging whichever binding slf4j has: {@link StderrLoggerFactory} in the
 * {@code lanes} jar, log4j on the modules' class paths (tests, benchmarks).
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class Logging {

    private Logging() {
    }

    /**
     * Makes the loggers under {@code prefix} log nothing below {@code level} until the returned handle is closed
     * (loggers already at {@code level} or above are left alone).
     */
    public static LevelOverride atLeast(String prefix, Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof StderrLoggerFactory factory) {
            return factory.atLeast(prefix, level);
        }
        return Log4jLevels.atLeast(prefix, level);
    }

    /**
     * Writes out what logging still buffers, at the end of the process ({@link StderrLoggerFactory} buffers nothing;
     * log4j's own shutdown hook is disabled so that the broker's last lines are not lost).
     */
    public static void shutdown() {
        if (!(LoggerFactory.getILoggerFactory() instanceof StderrLoggerFactory)) {
            Log4jLevels.shutdown();
        }
    }
}
