package io.lanes.storage.internal;

/**
 * Limits the cleaner's I/O to {@code log.cleaner.io.max.bytes.per.second}, shared by all cleaner threads, as
 * Kafka's throttler: bytes are counted per period and, when they are ahead of the limit by 10 ms or more (or a
 * 300 ms period ends above it), the calling thread sleeps until the average falls back to it. Thread-safe;
 * threads sleep outside the lock.
 */
public final class Throttler {

    private static final long CHECK_INTERVAL_NANOS = 300_000_000L;
    private static final long MIN_SLEEP_MS = 10;

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
            long ahead = (long) ((observed / bytesPerSecond * 1e9 - elapsed) / 1e6);
            // Unlike a check only at interval ends, a burst shorter than the interval is limited too.
            if (elapsed >= CHECK_INTERVAL_NANOS || ahead >= MIN_SLEEP_MS) {
                sleepMs = Math.max(0, ahead);
                periodStart = now + sleepMs * 1_000_000L;
                observed = 0;
            }
        }
        if (sleepMs > 0) {
            Thread.sleep(sleepMs);
        }
    }
}
