package io.lanes.broker.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Latency summaries in milliseconds, shaped like Kafka's JMX histograms as the Prometheus JMX exporter
 * publishes them: {@code name{quantile="0.99",...}} for Kafka's percentiles (50, 75, 95, 98, 99, 99.9),
 * plus {@code name_count}, {@code name_sum} and {@code name_max}. Percentiles decay over a one-minute
 * window, like Kafka's exponentially decaying reservoirs favour recent values.
 */
public final class Latency {
    private static final double[] KAFKA_PERCENTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    private Latency() {
    }

    /** A summary of milliseconds named {@code name} (dotted; Prometheus gets underscores). */
    public static DistributionSummary millis(MeterRegistry registry, String name, String description, Tags tags) {
        return DistributionSummary.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentiles(KAFKA_PERCENTILES)
                .percentilePrecision(2)
                .distributionStatisticExpiry(java.time.Duration.ofMinutes(1))
                .distributionStatisticBufferLength(3)
                .register(registry);
    }

    /** A summary of counts (records per fsync, ...), with the same percentiles. */
    public static DistributionSummary sizes(MeterRegistry registry, String name, String description) {
        return DistributionSummary.builder(name)
                .description(description)
                .publishPercentiles(KAFKA_PERCENTILES)
                .percentilePrecision(2)
                .distributionStatisticExpiry(java.time.Duration.ofMinutes(1))
                .distributionStatisticBufferLength(3)
                .register(registry);
    }
}
