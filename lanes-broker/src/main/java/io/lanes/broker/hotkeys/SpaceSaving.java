package io.lanes.broker.hotkeys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The space-saving top-k sketch (Metwally, Agrawal, El Abbadi): at most {@code capacity} keys are counted; a new
 * key, when the sketch is full, replaces the key with the smallest count and inherits that count as its error.
 * A key's true count lies in {@code [count - error, count]}, and every key whose true count exceeds
 * {@code total / capacity} is in the sketch.
 *
 * <p>Not thread-safe: the owner synchronizes.
 */
final class SpaceSaving {
    /** One counted key. */
    static final class Entry {
        final Key key;
        long count;
        long error;
        long bytes;

        Entry(Key key) {
            this.key = key;
        }

        /** The guaranteed part of the count. */
        long lowerBound() {
            return count - error;
        }
    }

    /** A key's bytes (a bounded prefix), compared by content. */
    record Key(byte[] bytes, boolean truncated) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && truncated == k.truncated && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + (truncated ? 1 : 0);
        }
    }

    private final int capacity;
    private final Map<Key, Entry> entries = new HashMap<>();
    private long total;

    SpaceSaving(int capacity) {
        this.capacity = capacity;
    }

    void add(Key key, int bytes) {
        total++;
        Entry entry = entries.get(key);
        if (entry == null) {
            if (entries.size() < capacity) {
                entry = new Entry(key);
            } else {
                Entry min = null;
                for (Entry e : entries.values()) {
                    if (min == null || e.count < min.count) {
                        min = e;
                    }
                }
                entries.remove(min.key);
                entry = new Entry(key);
                entry.count = min.count;
                entry.error = min.count;
                entry.bytes = min.bytes;
            }
            entries.put(key, entry);
        }
        entry.count++;
        entry.bytes += bytes;
    }

    /** Records added (all keys, counted or not). */
    long total() {
        return total;
    }

    /** Distinct keys counted so far, at most the capacity. */
    int size() {
        return entries.size();
    }

    boolean full() {
        return entries.size() >= capacity;
    }

    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }
}
