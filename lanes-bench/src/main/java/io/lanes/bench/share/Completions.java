package io.lanes.bench.share;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The records handled in one run: each distinct (partition, offset) once, with the wall-clock time from its
 * producer timestamp to the end of its handling (milliseconds, one machine's clock), and when the first and the
 * last distinct record were handled.
 *
 * <p>Thread-safe: every method is synchronized, except the waiting on the latch.
 */
final class Completions {

    private final int expected;
    private final Set<Long> seen = new HashSet<>();
    private final long[] latencies;
    private final CountDownLatch done = new CountDownLatch(1);
    private int count;
    private long firstNanos;
    private long lastNanos;

    Completions(int expected) {
        this.expected = expected;
        this.latencies = new long[expected];
    }

    /** A record was handled: counts only its first handling. */
    synchronized void handled(int partition, long offset, long producedAtMs) {
        if (count >= expected || !seen.add((long) partition << 48 | offset)) {
            return;
        }
        long now = System.nanoTime();
        if (count == 0) {
            firstNanos = now;
        }
        lastNanos = now;
        latencies[count++] = System.currentTimeMillis() - producedAtMs;
        if (count == expected) {
            done.countDown();
        }
    }

    boolean await(long timeoutMs) throws InterruptedException {
        return done.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    synchronized int count() {
        return count;
    }

    /** Distinct records per second from the first to the last handled (group joins and start-up excluded). */
    synchronized double perSecond() {
        return count < 2 || lastNanos == firstNanos ? Double.NaN : (count - 1) * 1e9 / (lastNanos - firstNanos);
    }

    /** The {@code quantile} (0..1) of the latencies of the handled records after the first {@code skip}. */
    synchronized double latencyQuantile(double quantile, int skip) {
        if (count <= skip) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOfRange(latencies, skip, count);
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
