package io.lanes.cli.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The slf4j loggers of the {@code lanes} application (its shaded jar): one line per event on standard error,
 * {@code HH:mm:ss.SSS LEVEL Logger - message}, the level padded to five characters and the logger's simple name (the
 * last part of its dotted name), a throwable's stack trace below its line. Levels: {@link LogLevels}.
 *
 * <p>Why not log4j (which the modules' tests use): reading log4j's configuration and starting its plugins was the
 * largest single step of {@code lanes server}'s start-up and about a thousand of its classes; the command line needs
 * only lines on standard error at fixed levels.
 *
 * <p>Thread-safety: safe for concurrent use. Each event is written with one call on the stream, so lines of
 * concurrent events do not interleave.
 */
public final class StderrLoggerFactory implements ILoggerFactory {
    private final Map<String, StderrLogger> loggers = new ConcurrentHashMap<>();
    private final LogLevels levels;
    private final Supplier<PrintStream> out;

    /**
     * Loggers at {@code levels} writing to the stream {@code out} gives at each event ({@code System::err} follows
     * {@link System#setErr}).
     */
    public StderrLoggerFactory(LogLevels levels, Supplier<PrintStream> out) {
        this.levels = levels;
        this.out = out;
    }

    /** The application's loggers: levels from the system properties, writing to {@link System#err}. */
    public static StderrLoggerFactory fromSystemProperties() {
        return new StderrLoggerFactory(LogLevels.from(System.getProperties()), () -> System.err);
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new StderrLogger(n, this));
    }

    /**
     * Makes the loggers under {@code prefix} (a logger name, or the start of several) log nothing below {@code level}
     * until the returned handle is closed, which puts back exactly what was set for {@code prefix} before. Loggers
     * already at {@code level} or above are left as they are.
     */
    public synchronized LevelOverride atLeast(String prefix, Level level) {
        Integer before = levels.get(prefix);
        if (levels.threshold(prefix) < level.toInt()) {
            levels.set(prefix, level.toInt());
            refresh();
        }
        return () -> restore(prefix, before);
    }

    private synchronized void restore(String prefix, Integer before) {
        if (before == null) {
            levels.clear(prefix);
        } else {
            levels.set(prefix, before);
        }
        refresh();
    }

    private void refresh() {
        loggers.values().forEach(StderrLogger::refreshThreshold);
    }

    int threshold(String name) {
        return levels.threshold(name);
    }

    PrintStream out() {
        return out.get();
    }
}
