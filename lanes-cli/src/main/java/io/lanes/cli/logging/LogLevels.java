package io.lanes.cli.logging;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Level;

/**
 * The log levels of the {@code lanes} application, as {@code java.util.logging} levels by logger name prefix ("" the
 * root): a logger logs at the level of the longest dot-separated prefix of its name that has one.
 *
 * <p>Defaults (what the command line always logged): root {@code info}, {@code org.apache.kafka} {@code error} (client
 * retries would bury an operations command's one-line error; the command reports what failed itself),
 * {@code io.netty} {@code warn}. System properties override them: {@code lanes.log.level} the root level,
 * {@code lanes.log.level.<prefix>} one prefix's, each one of {@code trace, debug, info, warn, error, off}
 * (for example {@code -Dlanes.log.level.io.lanes.broker=debug}).
 *
 * <p>Immutable.
 */
final class LogLevels {
    /** The system property of the root level; {@code lanes.log.level.<prefix>} sets a prefix's. */
    static final String PROPERTY = "lanes.log.level";

    private final Map<String, Level> byPrefix;

    private LogLevels(Map<String, Level> byPrefix) {
        this.byPrefix = byPrefix;
    }

    /** The defaults, overridden by the {@code lanes.log.level} properties among {@code properties}. */
    static LogLevels from(Properties properties) {
        Map<String, Level> levels = new TreeMap<>();
        levels.put("", Level.INFO);
        levels.put("org.apache.kafka", Level.SEVERE);
        levels.put("io.netty", Level.WARNING);
        for (String key : properties.stringPropertyNames()) {
            if (key.equals(PROPERTY)) {
                levels.put("", parse(properties.getProperty(key)));
            } else if (key.startsWith(PROPERTY + ".")) {
                levels.put(key.substring(PROPERTY.length() + 1), parse(properties.getProperty(key)));
            }
        }
        return new LogLevels(Map.copyOf(levels));
    }

    /** The level set for each prefix ("" the root). */
    Map<String, Level> byPrefix() {
        return byPrefix;
    }

    /** The {@code java.util.logging} level slf4j's {@code level} is logged at by slf4j's JUL binding. */
    static Level of(org.slf4j.event.Level level) {
        return switch (level) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINEST;
        };
    }

    private static Level parse(String text) {
        String level = text.trim().toUpperCase(Locale.ROOT);
        if (level.equals("OFF")) {
            return Level.OFF;
        }
        try {
            return of(org.slf4j.event.Level.valueOf(level));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a log level: '" + text + "' (trace, debug, info, warn, error, off)", e);
        }
    }
}
