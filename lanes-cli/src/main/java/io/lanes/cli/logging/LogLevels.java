package io.lanes.cli.logging;

import org.slf4j.event.Level;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The level of each logger of {@link StderrLoggerFactory}: a logger logs at the level set for the longest dot-separated
 * prefix of its name, else at the root level.
 *
 * <p>Defaults (what the command line always logged): root {@code info}, {@code org.apache.kafka} {@code error} (client
 * retries would bury an operations command's one-line error; the command reports what failed itself),
 * {@code io.netty} {@code warn}. System properties override them: {@code lanes.log.level} the root level,
 * {@code lanes.log.level.<prefix>} one prefix's, each one of {@code trace, debug, info, warn, error, off}
 * (for example {@code LANES_JAVA_OPTS=-Dlanes.log.level.io.lanes.broker=debug ./lanes server}).
 *
 * <p>Thread-safety: safe for concurrent use; a level set while loggers log takes effect for their next call.
 */
public final class LogLevels {
    /** The system property of the root level; {@code lanes.log.level.<prefix>} sets a prefix's. */
    public static final String PROPERTY = "lanes.log.level";

    /** A level below every other: nothing is logged. */
    static final int OFF = Integer.MAX_VALUE;

    private static final String ROOT = "";

    private final Map<String, Integer> byPrefix = new ConcurrentHashMap<>();

    private LogLevels() {
    }

    /** The defaults, overridden by the {@code lanes.log.level} properties among {@code properties}. */
    public static LogLevels from(Properties properties) {
        LogLevels levels = new LogLevels();
        levels.byPrefix.put(ROOT, Level.INFO.toInt());
        levels.byPrefix.put("org.apache.kafka", Level.ERROR.toInt());
        levels.byPrefix.put("io.netty", Level.WARN.toInt());
        for (String key : properties.stringPropertyNames()) {
            if (key.equals(PROPERTY)) {
                levels.byPrefix.put(ROOT, parse(properties.getProperty(key)));
            } else if (key.startsWith(PROPERTY + ".")) {
                levels.byPrefix.put(key.substring(PROPERTY.length() + 1), parse(properties.getProperty(key)));
            }
        }
        return levels;
    }

    /** The lowest level {@code loggerName} logs ({@link Level#toInt()}), {@link #OFF} if none. */
    int threshold(String loggerName) {
        String name = loggerName;
        while (true) {
            Integer level = byPrefix.get(name);
            if (level != null) {
                return level;
            }
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                return byPrefix.get(ROOT);
            }
            name = name.substring(0, dot);
        }
    }

    /** Sets the level of {@code prefix} (a logger name or a dot-separated start of one; "" the root). */
    void set(String prefix, int level) {
        byPrefix.put(prefix, level);
    }

    /** The level set for exactly {@code prefix}, if any ({@code null} otherwise). */
    Integer get(String prefix) {
        return byPrefix.get(prefix);
    }

    /** Removes the level set for exactly {@code prefix}: its loggers follow a shorter prefix again. */
    void clear(String prefix) {
        if (!prefix.equals(ROOT)) {
            byPrefix.remove(prefix);
        }
    }

    private static int parse(String text) {
        String level = text.trim().toUpperCase(Locale.ROOT);
        if (level.equals("OFF")) {
            return OFF;
        }
        try {
            return Level.valueOf(level).toInt();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a log level: '" + text + "' (trace, debug, info, warn, error, off)", e);
        }
    }
}
