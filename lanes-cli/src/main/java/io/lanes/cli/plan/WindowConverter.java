package io.lanes.cli.plan;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/** Reads a window: {@code 10s}, {@code 500ms}, {@code 2m}, or a bare number of seconds; above zero. */
final class WindowConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration duration;
            if (text.endsWith("ms")) {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 2))));
            } else if (text.endsWith("s")) {
                duration = Duration.ofMillis(Math.round(1000 * Double.parseDouble(text.substring(0, text.length() - 1))));
            } else if (text.endsWith("m")) {
                duration = Duration.ofMillis(Math.round(60_000 * Double.parseDouble(text.substring(0, text.length() - 1))));
            } else {
                duration = Duration.ofMillis(Math.round(1000 * Double.parseDouble(text)));
            }
            if (duration.toMillis() > 0) {
                return duration;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a window above zero (e.g. 10s, 500ms, 2m)");
    }
}
