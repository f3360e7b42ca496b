package io.lanes.cli.logging;

import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MarkerIgnoringBase;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;

/**
 * One logger of {@link StderrLoggerFactory}: formats an event as {@code HH:mm:ss.SSS LEVEL Logger - message} (local
 * time) and writes it, with a throwable's stack trace, in one call on the factory's stream.
 *
 * <p>Thread-safety: safe for concurrent use; its level is re-read by {@link #refreshThreshold} when levels change.
 */
final class StderrLogger extends MarkerIgnoringBase {
    private static final long serialVersionUID = 1L;

    private static final int TRACE = org.slf4j.event.Level.TRACE.toInt();
    private static final int DEBUG = org.slf4j.event.Level.DEBUG.toInt();
    private static final int INFO = org.slf4j.event.Level.INFO.toInt();
    private static final int WARN = org.slf4j.event.Level.WARN.toInt();
    private static final int ERROR = org.slf4j.event.Level.ERROR.toInt();

    private final transient StderrLoggerFactory factory;
    private final String simpleName;
    private volatile int threshold;

    StderrLogger(String name, StderrLoggerFactory factory) {
        this.name = name;
        this.factory = factory;
        this.simpleName = name.substring(name.lastIndexOf('.') + 1);
        this.threshold = factory.threshold(name);
    }

    void refreshThreshold() {
        threshold = factory.threshold(name);
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold <= TRACE;
    }

    @Override
    public void trace(String msg) {
        if (threshold <= TRACE) {
            write("TRACE", msg, null);
        }
    }

    @Override
    public void trace(String format, Object arg) {
        if (threshold <= TRACE) {
            write("TRACE", MessageFormatter.format(format, arg));
        }
    }

    @Override
    public void trace(String format, Object arg1, Object arg2) {
        if (threshold <= TRACE) {
            write("TRACE", MessageFormatter.format(format, arg1, arg2));
        }
    }

    @Override
    public void trace(String format, Object... arguments) {
        if (threshold <= TRACE) {
            write("TRACE", MessageFormatter.arrayFormat(format, arguments));
        }
    }

    @Override
    public void trace(String msg, Throwable t) {
        if (threshold <= TRACE) {
            write("TRACE", msg, t);
        }
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= DEBUG;
    }

    @Override
    public void debug(String msg) {
        if (threshold <= DEBUG) {
            write("DEBUG", msg, null);
        }
    }

    @Override
    public void debug(String format, Object arg) {
        if (threshold <= DEBUG) {
            write("DEBUG", MessageFormatter.format(format, arg));
        }
    }

    @Override
    public void debug(String format, Object arg1, Object arg2) {
        if (threshold <= DEBUG) {
            write("DEBUG", MessageFormatter.format(format, arg1, arg2));
        }
    }

    @Override
    public void debug(String format, Object... arguments) {
        if (threshold <= DEBUG) {
            write("DEBUG", MessageFormatter.arrayFormat(format, arguments));
        }
    }

    @Override
    public void debug(String msg, Throwable t) {
        if (threshold <= DEBUG) {
            write("DEBUG", msg, t);
        }
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= INFO;
    }

    @Override
    public void info(String msg) {
        if (threshold <= INFO) {
            write("INFO ", msg, null);
        }
    }

    @Override
    public void info(String format, Object arg) {
        if (threshold <= INFO) {
            write("INFO ", MessageFormatter.format(format, arg));
        }
    }

    @Override
    public void info(String format, Object arg1, Object arg2) {
        if (threshold <= INFO) {
            write("INFO ", MessageFormatter.format(format, arg1, arg2));
        }
    }

    @Override
    public void info(String format, Object... arguments) {
        if (threshold <= INFO) {
            write("INFO ", MessageFormatter.arrayFormat(format, arguments));
        }
    }

    @Override
    public void info(String msg, Throwable t) {
        if (threshold <= INFO) {
            write("INFO ", msg, t);
        }
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= WARN;
    }

    @Override
    public void warn(String msg) {
        if (threshold <= WARN) {
            write("WARN ", msg, null);
        }
    }

    @Override
    public void warn(String format, Object arg) {
        if (threshold <= WARN) {
            write("WARN ", MessageFormatter.format(format, arg));
        }
    }

    @Override
    public void warn(String format, Object arg1, Object arg2) {
        if (threshold <= WARN) {
            write("WARN ", MessageFormatter.format(format, arg1, arg2));
        }
    }

    @Override
    public void warn(String format, Object... arguments) {
        if (threshold <= WARN) {
            write("WARN ", MessageFormatter.arrayFormat(format, arguments));
        }
    }

    @Override
    public void warn(String msg, Throwable t) {
        if (threshold <= WARN) {
            write("WARN ", msg, t);
        }
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= ERROR;
    }

    @Override
    public void error(String msg) {
        if (threshold <= ERROR) {
            write("ERROR", msg, null);
        }
    }

    @Override
    public void error(String format, Object arg) {
        if (threshold <= ERROR) {
            write("ERROR", MessageFormatter.format(format, arg));
        }
    }

    @Override
    public void error(String format, Object arg1, Object arg2) {
        if (threshold <= ERROR) {
            write("ERROR", MessageFormatter.format(format, arg1, arg2));
        }
    }

    @Override
    public void error(String format, Object... arguments) {
        if (threshold <= ERROR) {
            write("ERROR", MessageFormatter.arrayFormat(format, arguments));
        }
    }

    @Override
    public void error(String msg, Throwable t) {
        if (threshold <= ERROR) {
            write("ERROR", msg, t);
        }
    }

    private void write(String level, FormattingTuple message) {
        write(level, message.getMessage(), message.getThrowable());
    }

    private void write(String level, String message, Throwable t) {
        StringBuilder line = new StringBuilder(64 + (message == null ? 4 : message.length()));
        LocalTime now = LocalTime.now();
        twoDigits(line, now.getHour()).append(':');
        twoDigits(line, now.getMinute()).append(':');
        twoDigits(line, now.getSecond()).append('.');
        int millis = now.getNano() / 1_000_000;
        line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
        line.append(' ').append(level).append(' ').append(simpleName).append(" - ").append(message)
                .append(System.lineSeparator());
        if (t != null) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        factory.out().print(line);
        factory.out().flush();
    }

    private static StringBuilder twoDigits(StringBuilder line, int value) {
        return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
