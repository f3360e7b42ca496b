package io.lanes.bench;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link FetchPerformance} measured, as the one line it prints:
 * {@code FETCH-RESULT records=800000 bytes=819200000 elapsed.ms=3912.500}.
 * Bytes are key plus value bytes, counted the way Kafka's ConsumerPerformance counts them.
 */
record FetchResult(long records, long bytes, double elapsedMs) {

    private static final Pattern LINE = Pattern.compile(
            "FETCH-RESULT records=([0-9]+) bytes=([0-9]+) elapsed\\.ms=([0-9]+(?:\\.[0-9]+)?)");

    String format() {
        return String.format(Locale.ROOT, "FETCH-RESULT records=%d bytes=%d elapsed.ms=%.3f", records, bytes, elapsedMs);
    }

    double mibPerSecond() {
        return elapsedMs <= 0 ? Double.NaN : bytes / 1048576.0 / (elapsedMs / 1000.0);
    }

    double recordsPerSecond() {
        return elapsedMs <= 0 ? Double.NaN : records / (elapsedMs / 1000.0);
    }

    static Optional<FetchResult> parse(String output) {
        Matcher matcher = LINE.matcher(output);
        FetchResult last = null;
        while (matcher.find()) {
            last = new FetchResult(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                    Double.parseDouble(matcher.group(3)));
        }
        return Optional.ofNullable(last);
    }
}
