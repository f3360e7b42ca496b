package io.lanes.cli.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.TimeZone;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per event, as the command line has always logged: {@code HH:mm:ss.SSS LEVEL Logger - message}, the level
 * by slf4j's name padded to five characters, the logger's simple name (the last part of its dotted name), a
 * throwable's stack trace below the line.
 *
 * <p>The time and the padding are written by hand: the first line is logged while the broker starts, and
 * {@code java.time}'s formatters and {@code String.format} would first set up their machinery (pattern parsing, regular
 * expressions), a few milliseconds of every start.
 *
 * <p>Thread-safe (stateless).
 */
final class LineFormatter extends Formatter {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        appendLocalTime(line, record.getMillis());
        line.append(' ');
        String level = levelName(record.getLevel());
        line.append(level).append("     ", 0, 5 - level.length())
                .append(' ')
                .append(simpleName(record.getLoggerName()))
                .append(" - ")
                .append(formatMessage(record))
                .append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** {@code HH:mm:ss.SSS} of {@code epochMillis} in the JVM's default time zone. */
    static void appendLocalTime(StringBuilder line, long epochMillis) {
        long ofDay = Math.floorMod(epochMillis + TimeZone.getDefault().getOffset(epochMillis), MILLIS_PER_DAY);
        appendPadded(line, ofDay / 3_600_000, 2).append(':');
        appendPadded(line, ofDay / 60_000 % 60, 2).append(':');
        appendPadded(line, ofDay / 1000 % 60, 2).append('.');
        appendPadded(line, ofDay % 1000, 3);
    }

    private static StringBuilder appendPadded(StringBuilder line, long value, int digits) {
        for (long bound = 10; digits > 1; digits--, bound *= 10) {
            if (value < bound) {
                line.append('0');
            }
        }
        return line.append(value);
    }

    /** slf4j's name of the level its JUL binding logged at. */
    static String levelName(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        } else if (value >= Level.WARNING.intValue()) {
            return "WARN";
        } else if (value >= Level.INFO.intValue()) {
            return "INFO";
        } else if (value >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    private static String simpleName(String loggerName) {
        if (loggerName == null) {
            return "";
        }
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
