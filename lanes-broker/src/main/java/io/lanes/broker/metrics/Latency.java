package io.lanes.broker.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One latency (or size) distribution, shaped like Kafka's JMX histograms as the Prometheus JMX exporter
 * publishes them: {@code name{quantile="0.99",...}} for Kafka's percentiles (50, 75, 95, 98, 99, 99.9), plus
 * {@code name_count}, {@code name_sum} (since start-up) and {@code name_max}. Percentiles and the maximum cover
 * the last 30 to 60 seconds (two windows of {@value #WINDOW_SECONDS} s: the current and the previous one), as
 * Kafka's decaying reservoirs favour recent values.
 *
 * <p>Built for the request path: recording is a few atomic additions into a fixed {@link LogHistogram}, no lock,
 * no allocation; the percentiles are computed only when read ({@link #snapshot()}, on a scrape). Created and
 * exported by {@link Latencies}. Values are recorded as longs (nanoseconds for latencies) and published divided
 * by the family's scale (1e6: milliseconds).
 *
 * <p>Thread-safe.
 */
public final class Latency {
    static final double[] KAFKA_PERCENTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    static final long WINDOW_SECONDS = 30;
    private static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;

    /** One window's histogram and maximum. */
    private static final class Window {
        final long startNanos;
        final LogHistogram histogram = new LogHistogram();
        final AtomicLong max = new AtomicLong();

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    private final double scale;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();
    private volatile Window current;
    private volatile Window previous;

    Latency(double scale) {
        this.scale = scale;
        long now = System.nanoTime();
        this.current = new Window(now);
        this.previous = new Window(now - WINDOW_NANOS);
    }

    /** Records {@code value}; {@code nowNanos} is System.nanoTime() (the caller usually has it already). */
    public void record(long value, long nowNanos) {
        long v = Math.max(0, value);
        Window w = current;
        if (nowNanos - w.startNanos >= WINDOW_NANOS) {
            w = rotate(nowNanos);
        }
        w.histogram.record(v);
        count.incrementAndGet();
        sum.addAndGet(v);
        AtomicLong max = w.max;
        long seen = max.get();
        while (v > seen && !max.compareAndSet(seen, v)) {
            seen = max.get();
        }
    }

    /** Records {@code value} now. */
    public void record(long value) {
        record(value, System.nanoTime());
    }

    private synchronized Window rotate(long nowNanos) {
        Window w = current;
        if (nowNanos - w.startNanos < WINDOW_NANOS) {
            return w; // another thread rotated meanwhile
        }
        // A window older than two lengths holds nothing recent: both are dropped.
        previous = nowNanos - w.startNanos < 2 * WINDOW_NANOS ? w : new Window(nowNanos - WINDOW_NANOS);
        Window fresh = new Window(nowNanos);
        current = fresh;
        return fresh;
    }

    /** Count, sum, maximum and Kafka's percentiles now (scaled), computed from the recent windows. */
    public Snapshot snapshot() {
        long now = System.nanoTime();
        Window w = current;
        if (now - w.startNanos >= WINDOW_NANOS) {
            w = rotate(now);
        }
        Window before = previous;
        long[] merged = new long[LogHistogram.BUCKETS];
        w.histogram.addTo(merged);
        before.histogram.addTo(merged);
        long recent = 0;
        for (long c : merged) {
            recent += c;
        }
        double[] values = new double[KAFKA_PERCENTILES.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = LogHistogram.valueAt(merged, recent, KAFKA_PERCENTILES[i]) / scale;
        }
        return new Snapshot(count.get(), sum.get() / scale, Math.max(w.max.get(), before.max.get()) / scale, values);
    }

    /**
     * @param count       values recorded since start-up
     * @param sum         their sum (scaled)
     * @param max         the largest recent value (scaled)
     * @param percentiles the recent values at {@link #KAFKA_PERCENTILES} (scaled), 0 when none is recent
     */
    public record Snapshot(long count, double sum, double max, double[] percentiles) {
        /** The value at one of Kafka's percentiles (0.5, 0.75, 0.95, 0.98, 0.99, 0.999); -1 for another. */
        public double percentile(double p) {
            for (int i = 0; i < KAFKA_PERCENTILES.length; i++) {
                if (KAFKA_PERCENTILES[i] == p) {
                    return percentiles[i];
                }
            }
            return -1;
        }
    }
}
