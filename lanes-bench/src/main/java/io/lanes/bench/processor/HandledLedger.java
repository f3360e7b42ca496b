package io.lanes.bench.processor;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a contestant's handler did, recorded from its worker threads: how many records it
 * handled, when the first and last completed, each record's end-to-end latency (produce
 * timestamp to completion), and every breach of per-key order — a key's sequence number not
 * one above the last one handled, or a key handled by two threads at once.
 *
 * <p>Values are {@code <seq>} strings, a key's records numbered from 0 in produce order.
 * Thread-safe: per-key state lives in a concurrent map, counters are atomics.
 */
public final class HandledLedger {
    private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();
    private final LongAdder handled = new LongAdder();
    private final LongAdder orderViolations = new LongAdder();
    private final LongAdder overlapViolations = new LongAdder();
    private final AtomicLong firstNanos = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    private final long[] latencies;
    private final AtomicLong latencyCount = new AtomicLong();
    private volatile long latencyFromMillis;
    private volatile CompletionLog completionLog;

    private static final class KeyState {
        long lastSeq = -1;
        boolean busy;
    }

    /** @param latencySamples how many latencies to keep (the first ones) */
    public HandledLedger(int latencySamples) {
        latencies = new long[latencySamples];
    }

    /** Marks the start of a handler call for {@code key}; false if another thread is inside one for it. */
    boolean enter(String key) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        synchronized (state) {
            if (state.busy) {
                overlapViolations.increment();
                return false;
            }
            state.busy = true;
            return true;
        }
    }

    /** Records a completed handler call. */
    void completed(String key, long seq, long producedAtMillis, boolean entered) {
        KeyState state = keys.get(key);
        synchronized (state) {
            if (seq != state.lastSeq + 1) {
                orderViolations.increment();
            }
            state.lastSeq = Math.max(state.lastSeq, seq);
            if (entered) {
                state.busy = false;
            }
        }
        long now = System.nanoTime();
        firstNanos.compareAndSet(0, now);
        lastNanos.accumulateAndGet(now, Math::max);
        handled.increment();
        if (producedAtMillis >= latencyFromMillis) {
            long slot = latencyCount.getAndIncrement();
            if (slot < latencies.length) {
                latencies[(int) slot] = System.currentTimeMillis() - producedAtMillis;
            }
        }
    }

    /** Keeps latencies only of records produced at or after {@code millis} (epoch), e.g. after a warm-up. */
    public void keepLatenciesFrom(long millis) {
        latencyFromMillis = millis;
    }

    /** Also appends every completion's position to {@code log}. */
    public void logCompletionsTo(CompletionLog log) {
        completionLog = log;
    }

    /** Records where a completed record was (only if a completion log is set). */
    void logged(int partition, long offset) {
        CompletionLog log = completionLog;
        if (log != null) {
            log.append(partition, offset);
        }
    }

    public long handled() {
        return handled.sum();
    }

    public long violations() {
        return orderViolations.sum() + overlapViolations.sum();
    }

    /** Records per second between the first and the last completion. */
    public double perSecond() {
        long span = lastNanos.get() - firstNanos.get();
        return span <= 0 ? 0 : (handled.sum() - 1) * 1e9 / span;
    }

    /** The latency percentile in ms of the recorded samples ({@code q} in 0..1). */
    public double latencyPercentile(double q) {
        int n = (int) Math.min(latencyCount.get(), latencies.length);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1)];
    }
}
