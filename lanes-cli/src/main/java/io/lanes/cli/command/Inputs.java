package io.lanes.cli.command;

import io.lanes.cli.command.CommandFailure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads option values the operations commands take as text, so that a malformed one is a single
 * line and exit code 2 ({@link CommandFailure#USAGE}), not picocli's usage dump. Stateless.
 */
public final class Inputs {
    private Inputs() {
    }

    /** A whole number, or a one-line failure naming the option. */
    public static long longValue(String option, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandFailure(CommandFailure.USAGE, "invalid " + option + " '" + text
                    + "': expected a whole number");
        }
    }

    /** A whole number at least {@code min}, or a one-line failure naming the option. */
    public static int intValue(String option, String text, int min) {
        long value = longValue(option, text);
        if (value < min || value > Integer.MAX_VALUE) {
            throw new CommandFailure(CommandFailure.USAGE, "invalid " + option + " '" + text
                    + "': expected a whole number from " + min);
        }
        return (int) value;
    }

    /** {@code name=value} pairs in order, or a one-line failure naming the option. */
    public static Map<String, String> pairs(String option, List<String> texts) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String text : texts) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new CommandFailure(CommandFailure.USAGE, "invalid " + option + " '" + text
                        + "': expected NAME=VALUE");
            }
            pairs.put(text.substring(0, eq), text.substring(eq + 1));
        }
        return pairs;
    }

    /** Runs a parse that reports bad input with an IllegalArgumentException, as a one-line failure. */
    public static <T> T usage(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(CommandFailure.USAGE, e.getMessage());
        }
    }
}
