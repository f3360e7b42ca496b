package io.lanes.cli.command;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/**
 * The duration option format of every command: {@code 20s}, {@code 1500ms}, {@code 2m}, {@code 1.5s},
 * a bare number of seconds, or ISO-8601 ({@code PT20S}); zero or more. {@link Positive} is the
 * same format for options where zero makes no sense (windows, intervals). Stateless, thread-safe.
 */
public class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            if (text.startsWith("pt")) {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else if (text.endsWith("ms")) {
                duration = scaled(text.substring(0, text.length() - 2), 1e6);
            } else if (text.endsWith("s")) {
                duration = scaled(text.substring(0, text.length() - 1), 1e9);
            } else if (text.endsWith("m")) {
                duration = scaled(text.substring(0, text.length() - 1), 60e9);
            } else {
                duration = scaled(text, 1e9);
            }
        } catch (RuntimeException e) {
            duration = null;
        }
        if (duration == null || duration.isNegative() || (duration.isZero() && !zeroAllowed())) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration"
                    + (zeroAllowed() ? "" : " above zero") + " (e.g. 20s, 500ms, 2m)");
        }
        return duration;
    }

    boolean zeroAllowed() {
        return true;
    }

    private static Duration scaled(String number, double nanosPerUnit) {
        double amount = Double.parseDouble(number);
        if (Double.isNaN(amount) || Double.isInfinite(amount)) {
            throw new NumberFormatException(number);
        }
        return Duration.ofNanos(Math.round(amount * nanosPerUnit));
    }

    /** The same format, above zero only. */
    public static final class Positive extends DurationConverter {
        @Override
        boolean zeroAllowed() {
            return false;
        }
    }
}
