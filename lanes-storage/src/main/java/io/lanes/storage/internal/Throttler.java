package io.lanes.storage.internal;

/**
 * Limits the cleaner's I/O to {@code log.cleaner.io.max.bytes.per.second}, shared by all cleaner threads, as
 * Kafka's throttler: bytes are counted per check interval and, when the rate over the interval exceeds the
 * limit, the calling thread sleeps until the average falls back to it. Thread-safe.
 */
public final class Throttler {

    private static final long CHECK_INTERVAL_NANOS = 300_000_000L;

    private final double bytesPerSecond;
    private long periodStart = System.nanoTime();
    private double observed;

    public Throttler(double bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Counts {@code bytes} read or written; may sleep. */
    public void maybeThrottle(long bytes) throws InterruptedException {
        if (bytesPerSecond >= Double.MAX_VALUE || bytesPerSecond <= 0) {
            return;
        }
        long sleepMs = 0;
        synchronized (this) {
            observed += bytes;
            long now = System.nanoTime();
            long elapsed = now - periodStart;
            if (elapsed >= CHECK_INTERVAL_NANOS) {
                double needed = observed / bytesPerSecond * 1e9;
                sleepMs = (long) ((needed - elapsed) / 1e6);
                periodStart = now + Math.max(0, sleepMs) * 1_000_000L;
                observed = 0;
            }
        }
        if (sleepMs > 0) {
            Thread.sleep(sleepMs);
        }
    }
}
