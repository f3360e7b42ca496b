package io.lanes.bench;

/**
 * One row of the report.
 *
 * @param label          row title, with the unit
 * @param higherIsBetter direction, for reading ratios
 * @param decimals       digits after the point when printed
 */
record Metric(String label, boolean higherIsBetter, int decimals) {

    static final Metric STARTUP_MS = new Metric("startup ms (spawn -> ApiVersions)", false, 0);
    static final Metric IDLE_RSS_MIB = new Metric("idle RSS MiB", false, 0);
    static final Metric PEAK_RSS_MIB = new Metric("peak RSS MiB (VmHWM, end)", false, 0);
    static final Metric CONSUME_MIBPS = new Metric("consume MiB/s (assign, none)", true, 1);
    static final Metric CONSUME_CPU = new Metric("consume broker CPU s/GiB", false, 2);
    static final Metric TRANSACTIONAL_MIBPS = new Metric("produce MiB/s (none, in transactions)", true, 1);
    static final Metric TRANSACTIONAL_P99 = new Metric("produce p99 ms (none, in transactions)", false, 0);
    static final Metric FIXED_RATE_P50 = new Metric("fixed-rate produce p50 ms", false, 0);
    static final Metric FIXED_RATE_P99 = new Metric("fixed-rate produce p99 ms", false, 0);

    /** End-to-end latency's {@code percentile} (p50, p99, p99.9) with the producer's {@code linger.ms}. */
    static Metric endToEnd(String percentile, int lingerMs) {
        return new Metric("end-to-end " + percentile + " ms (send -> receive, linger " + lingerMs + " ms)", false, 1);
    }

    /** Whether this row is an end-to-end p99 (any linger). */
    boolean isEndToEndP99() {
        return label.startsWith("end-to-end p99 ms (");
    }

    static Metric produceMibps(String compression, int partitions) {
        return new Metric("produce MiB/s (" + run(compression, partitions) + ")", true, 1);
    }

    static Metric produceP50(String compression, int partitions) {
        return new Metric("produce p50 ms (" + run(compression, partitions) + ")", false, 0);
    }

    static Metric produceP99(String compression, int partitions) {
        return new Metric("produce p99 ms (" + run(compression, partitions) + ")", false, 0);
    }

    static Metric produceCpu(String compression, int partitions) {
        return new Metric("produce broker CPU s/GiB (" + run(compression, partitions) + ")", false, 2);
    }

    /** Broker heap allocation per GiB produced, from the JVM's per-thread allocation counters. */
    static Metric produceAllocation(String compression, int partitions) {
        return new Metric("produce broker alloc GiB/GiB (" + run(compression, partitions) + ")", false, 2);
    }

    /** Whether this row is a saturating produce throughput (the rows given as a share of the null broker). */
    boolean isProduceThroughput() {
        return label.startsWith("produce MiB/s (") && !label.contains("transactions");
    }

    private static String run(String compression, int partitions) {
        return compression + ", " + partitions + (partitions == 1 ? " partition" : " partitions");
    }
}
