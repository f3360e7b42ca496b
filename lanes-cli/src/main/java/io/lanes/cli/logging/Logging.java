package io.lanes.cli.logging;

import org.slf4j.event.Level;

/**
 * What the command line asks of logging whichever binding slf4j has: {@code java.util.logging} in the {@code lanes}
 * jar ({@link JulLogging}), log4j on the modules' class paths (tests, benchmarks).
 *
 * <p>Thread-safety: safe for concurrent use after {@link #start}.
 */
public final class Logging {
    /**
     * Whether slf4j's binding to {@code java.util.logging} is on the class path (it is in the jar, never beside log4j),
     * known without starting slf4j: on class paths that would bind log4j on the main thread.
     */
    private static final boolean JUL_BOUND = present("org.slf4j.impl.JDK14LoggerFactory");

    private Logging() {
    }

    /**
     * Configures logging before anything logs: in the {@code lanes} jar, stderr lines at the levels of the
     * {@code lanes.log.level} system properties ({@link LogLevels}); with log4j, nothing (its configuration file does).
     */
    public static void start() {
        if (julBound()) {
            JulLogging.configure(System.getProperties());
        }
    }

    /**
     * Makes the loggers under {@code prefix} log nothing below {@code level} until the returned handle is closed
     * (loggers already at {@code level} or above are left alone).
     */
    public static LevelOverride atLeast(String prefix, Level level) {
        return julBound() ? JulLogging.atLeast(prefix, level) : Log4jLevels.atLeast(prefix, level);
    }

    /**
     * Writes out what logging still buffers, at the end of the process ({@code java.util.logging}'s handler buffers
     * nothing; log4j's own shutdown hook is disabled so that the broker's last lines are not lost).
     */
    public static void shutdown() {
        if (!julBound()) {
            Log4jLevels.shutdown();
        }
    }

    private static boolean julBound() {
        return JUL_BOUND;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Logging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
