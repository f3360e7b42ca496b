package io.lanes.cli.logging;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Logging of the {@code lanes} jar: slf4j's binding to {@code java.util.logging} (slf4j-jdk14), which the JDK
 * starts in a few milliseconds from classes already in its class-data archive, with one handler writing
 * {@link LineFormatter} lines to standard error at {@link LogLevels}.
 *
 * <p>Why not log4j (which the modules' tests use): reading log4j's configuration and starting its plugins was the
 * largest single step of {@code lanes server}'s start-up and about a thousand of its classes.
 *
 * <p>Thread-safety: {@link #configure} is called once, at start-up, before anything logs; {@link #atLeast} is safe
 * for concurrent use.
 */
final class JulLogging {
    /**
     * The loggers given a level, held here because {@code java.util.logging} keeps its loggers only weakly: a level
     * set on a logger nobody holds is lost with it.
     */
    private static final Map<String, Logger> CONFIGURED = new ConcurrentHashMap<>();

    private JulLogging() {
    }

    /**
     * Replaces the JDK's logging configuration by the application's: stderr lines at the levels of the
     * {@code lanes.log.level} properties among {@code properties} ({@link LogLevels}).
     */
    static void configure(Properties properties) {
        LogLevels levels = LogLevels.from(properties);
        LogManager.getLogManager().reset();
        Handler stderr = new StderrHandler(new LineFormatter());
        stderr.setLevel(Level.ALL);
        Logger root = logger("");
        root.addHandler(stderr);
        levels.byPrefix().forEach((prefix, level) -> logger(prefix).setLevel(level));
    }

    static LevelOverride atLeast(String prefix, org.slf4j.event.Level level) {
        Logger logger = logger(prefix);
        Level wanted = LogLevels.of(level);
        Level before = logger.getLevel();
        if (effectiveLevel(logger).intValue() >= wanted.intValue()) {
            return () -> { };
        }
        logger.setLevel(wanted);
        return () -> logger.setLevel(before);
    }

    private static Level effectiveLevel(Logger logger) {
        for (Logger l = logger; l != null; l = l.getParent()) {
            if (l.getLevel() != null) {
                return l.getLevel();
            }
        }
        return Level.INFO;
    }

    /**
     * {@code ConsoleHandler} without its default formatter: {@code ConsoleHandler} first makes a {@code SimpleFormatter},
     * which sets up the JDK's internal logger classes on every start, only to be replaced. Flushes every line.
     */
    private static final class StderrHandler extends StreamHandler {
        StderrHandler(Formatter formatter) {
            super(System.err, formatter);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        @Override
        public synchronized void close() {
            flush(); // never closes System.err
        }
    }

    private static Logger logger(String name) {
        // not Logger::getLogger: a reference to a caller-sensitive method is bound through method handles the JDK
        // generates at run time (~15 classes on the start-up path)
        return CONFIGURED.computeIfAbsent(name, n -> Logger.getLogger(n));
    }
}
