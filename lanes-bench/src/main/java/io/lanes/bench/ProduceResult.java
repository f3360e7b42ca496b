package io.lanes.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary line of {@code org.apache.kafka.tools.ProducerPerformance}, e.g.
 * {@code 800000 records sent, 76543.2 records/sec (74.75 MB/sec), 310.12 ms avg latency,
 * 612.00 ms max latency, 305 ms 50th, 420 ms 95th, 480 ms 99th, 601 ms 99.9th.}
 * Its "MB" is 2^20 bytes.
 */
record ProduceResult(long records, double recordsPerSecond, double mibPerSecond, double avgLatencyMs,
                     double maxLatencyMs, double p50Ms, double p95Ms, double p99Ms, double p999Ms) {

    private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?|NaN|Infinity)";
    private static final Pattern SUMMARY = Pattern.compile(
            "([0-9]+) records sent, " + NUMBER + " records/sec \\(" + NUMBER + " MB/sec\\), "
                    + NUMBER + " ms avg latency, " + NUMBER + " ms max latency, "
                    + "([0-9]+) ms 50th, ([0-9]+) ms 95th, ([0-9]+) ms 99th, ([0-9]+) ms 99\\.9th");

    /** The last summary line in the tool's output; progress lines (without percentiles) are ignored. */
    static Optional<ProduceResult> parse(String output) {
        Matcher matcher = SUMMARY.matcher(output);
        ProduceResult last = null;
        while (matcher.find()) {
            last = new ProduceResult(
                    Long.parseLong(matcher.group(1)),
                    Double.parseDouble(matcher.group(2)),
                    Double.parseDouble(matcher.group(3)),
                    Double.parseDouble(matcher.group(4)),
                    Double.parseDouble(matcher.group(5)),
                    Double.parseDouble(matcher.group(6)),
                    Double.parseDouble(matcher.group(7)),
                    Double.parseDouble(matcher.group(8)),
                    Double.parseDouble(matcher.group(9)));
        }
        return Optional.ofNullable(last);
    }
}
