package io.lanes.broker.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of non-negative longs in log-linear buckets: values below {@value #SUB_BUCKETS} exactly, above that
 * {@value #SUB_BUCKETS} buckets per power of two, so a bucket's width is at most 1/{@value #SUB_BUCKETS} of its
 * values (3% relative error), as HdrHistogram with two significant digits. Values above 2^{@value #MAX_EXPONENT}
 * count in the last bucket.
 *
 * <p>Thread-safe and lock-free: recording is one atomic increment of a fixed array, never resizes or allocates.
 * Reads ({@link #addTo}) see each bucket's count at some moment, not one atomic picture of all of them, which is
 * as exact as a latency percentile needs.
 */
final class LogHistogram {
    static final int SUB_BITS = 5;
    static final int SUB_BUCKETS = 1 << SUB_BITS;
    static final int MAX_EXPONENT = 42;
    static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) << SUB_BITS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long value) {
        counts.incrementAndGet(index(value));
    }

    /** Adds every bucket's count to {@code into} (length {@link #BUCKETS}). */
    void addTo(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts.get(i);
        }
    }

    static int index(long value) {
        if (value < SUB_BUCKETS) {
            return value <= 0 ? 0 : (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int shift = exponent - SUB_BITS;
        return ((shift + 1) << SUB_BITS) + (int) ((value >>> shift) - SUB_BUCKETS);
    }

    /** The smallest value counted in bucket {@code index}. */
    static long lowest(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = (index >>> SUB_BITS) - 1;
        return ((long) (index & (SUB_BUCKETS - 1)) + SUB_BUCKETS) << shift;
    }

    /**
     * The value at quantile {@code q} (0 to 1) of the merged {@code counts} holding {@code total} values: the middle
     * of the bucket holding the value of rank ceil(q * total); 0 when empty.
     */
    static double valueAt(long[] counts, long total, double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < SUB_BUCKETS ? i : (lowest(i) + lowest(i + 1) - 1) / 2.0;
            }
        }
        return lowest(counts.length - 1);
    }
}
