package io.lanes.cli.demo;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** Text helpers shared by the live view and the verdict; one locale so output is the same everywhere. */
final class Format {
    private Format() {
    }

    static String text(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** {@code 60,000}. */
    static String count(long n) {
        return text("%,d", n);
    }

    /** {@code 1 partition}, {@code 3 partitions}. */
    static String plural(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** Milliseconds between two nanoTime values: {@code 412 ms}. */
    static String millis(long fromNanos, long toNanos) {
        return text("%,d ms", Math.round((toNanos - fromNanos) / 1e6));
    }

    /** {@code [2, 7, 9]} for partitions. */
    static String partitions(Collection<Integer> partitions) {
        return partitions.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}
