package io.lanes.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link EndToEndLatency} measured, as the one line it prints:
 * {@code E2E-RESULT records=100000 p50.ms=1.234 p99.ms=5.678 p999.ms=9.012}.
 */
record EndToEndResult(long records, double p50Ms, double p99Ms, double p999Ms) {

    private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?)";
    private static final Pattern LINE = Pattern.compile("E2E-RESULT records=([0-9]+) p50\\.ms=" + NUMBER
            + " p99\\.ms=" + NUMBER + " p999\\.ms=" + NUMBER);

    /** Percentiles (nearest rank) of latencies in nanoseconds; sorts {@code nanos} in place. */
    static EndToEndResult of(long[] nanos, int count) {
        if (count == 0) {
            return new EndToEndResult(0, Double.NaN, Double.NaN, Double.NaN);
        }
        Arrays.sort(nanos, 0, count);
        return new EndToEndResult(count, rankMs(nanos, count, 0.50), rankMs(nanos, count, 0.99),
                rankMs(nanos, count, 0.999));
    }

    private static double rankMs(long[] sorted, int count, double quantile) {
        int rank = (int) Math.ceil(quantile * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }

    String format() {
        return String.format(Locale.ROOT, "E2E-RESULT records=%d p50.ms=%.3f p99.ms=%.3f p999.ms=%.3f",
                records, p50Ms, p99Ms, p999Ms);
    }

    static Optional<EndToEndResult> parse(String output) {
        Matcher matcher = LINE.matcher(output);
        EndToEndResult last = null;
        while (matcher.find()) {
            last = new EndToEndResult(Long.parseLong(matcher.group(1)), Double.parseDouble(matcher.group(2)),
                    Double.parseDouble(matcher.group(3)), Double.parseDouble(matcher.group(4)));
        }
        return Optional.ofNullable(last);
    }
}
