package io.lanes.broker.hotkeys;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hot-key state of one partition: every appended record counted (cheaply, per request), and the keys of sampled
 * batches in a {@link SpaceSaving} sketch, over a sliding window made of two halves (the current one and the one
 * before), so what is reported covers between a half and a whole window.
 *
 * <p>Thread-safe: counting is lock-free; sampling and rotation synchronize on this object.
 */
final class PartitionKeys {
    /** One half-window. */
    static final class Half {
        final long index;
        final LongAdder records = new LongAdder();
        final SpaceSaving sketch;
        long sampledRecords;
        long sampledBytes;

        Half(long index, int capacity) {
            this.index = index;
            this.sketch = new SpaceSaving(capacity);
        }
    }

    private final int capacity;
    final AtomicLong batches = new AtomicLong();
    private volatile Half current;
    private volatile Half previous;

    PartitionKeys(long halfIndex, int capacity) {
        this.capacity = capacity;
        this.current = new Half(halfIndex, capacity);
        this.previous = new Half(halfIndex - 1, capacity);
    }

    /** The current half, rotated first if the window moved on. */
    Half current(long halfIndex) {
        Half c = current;
        if (c.index == halfIndex) {
            return c;
        }
        synchronized (this) {
            c = current;
            if (c.index != halfIndex) {
                previous = c.index == halfIndex - 1 ? c : new Half(halfIndex - 1, capacity);
                current = c = new Half(halfIndex, capacity);
            }
            return c;
        }
    }

    /** Both halves as of {@code halfIndex}: {@code [previous, current]}. */
    Half[] halves(long halfIndex) {
        synchronized (this) {
            current(halfIndex);
            return new Half[] {previous, current};
        }
    }

    /** The sketches of both halves merged: key to {count lower bound, bytes}; and whether either overflowed. */
    synchronized Map<SpaceSaving.Key, long[]> merged(Half[] halves) {
        Map<SpaceSaving.Key, long[]> out = new HashMap<>();
        for (Half h : halves) {
            for (SpaceSaving.Entry e : h.sketch.entries()) {
                long[] v = out.computeIfAbsent(e.key, k -> new long[2]);
                v[0] += e.lowerBound();
                v[1] += e.bytes;
            }
        }
        return out;
    }
}
