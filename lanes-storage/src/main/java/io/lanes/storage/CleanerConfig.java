package io.lanes.storage;

import java.util.Map;

/**
 * The broker-level log cleaner settings, with Kafka's names and defaults. Immutable.
 *
 * @param enabled              {@value #ENABLE}: whether compacted topics are cleaned at all (default true)
 * @param threads              {@value #THREADS}: cleaner threads (default 1)
 * @param dedupeBufferSize     {@value #DEDUPE_BUFFER_SIZE}: memory for the key-to-offset maps of all threads
 *                             (default 128 MiB); each thread's map holds at most {@code size / threads / 24 * 0.9}
 *                             keys per pass, more keys make the clean take several passes
 * @param ioBufferLoadFactor   {@value #IO_BUFFER_LOAD_FACTOR}: how full a map may get (default 0.9)
 * @param ioBufferSize         {@value #IO_BUFFER_SIZE}: bytes read from a segment at a time (default 512 KiB)
 * @param maxIoBytesPerSecond  {@value #IO_MAX_BYTES_PER_SECOND}: read plus write rate of all threads together
 *                             (default unlimited)
 * @param backoffMs            {@value #BACKOFF_MS}: sleep of a thread that found nothing to clean (default 15 s)
 */
public record CleanerConfig(boolean enabled, int threads, long dedupeBufferSize, double ioBufferLoadFactor,
                            int ioBufferSize, double maxIoBytesPerSecond, long backoffMs) {

    public static final String ENABLE = "log.cleaner.enable";
    public static final String THREADS = "log.cleaner.threads";
    public static final String DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";
    public static final String IO_BUFFER_LOAD_FACTOR = "log.cleaner.io.buffer.load.factor";
    public static final String IO_BUFFER_SIZE = "log.cleaner.io.buffer.size";
    public static final String IO_MAX_BYTES_PER_SECOND = "log.cleaner.io.max.bytes.per.second";
    public static final String BACKOFF_MS = "log.cleaner.backoff.ms";

    public CleanerConfig {
        if (threads < 1) {
            throw new IllegalArgumentException(THREADS + " must be at least 1");
        }
        if (dedupeBufferSize / threads < OffsetMapBudget.MIN_PER_THREAD) {
            throw new IllegalArgumentException(DEDUPE_BUFFER_SIZE + " must be at least 1MiB per cleaner thread");
        }
        if (ioBufferLoadFactor <= 0 || ioBufferLoadFactor > 1) {
            throw new IllegalArgumentException(IO_BUFFER_LOAD_FACTOR + " must be in (0, 1]");
        }
    }

    public static CleanerConfig defaults() {
        return new CleanerConfig(true, 1, 128L * 1024 * 1024, 0.9, 512 * 1024, Double.MAX_VALUE, 15_000L);
    }

    /** A copy with only {@code enabled} changed. */
    public CleanerConfig withEnabled(boolean on) {
        return new CleanerConfig(on, threads, dedupeBufferSize, ioBufferLoadFactor, ioBufferSize, maxIoBytesPerSecond,
                backoffMs);
    }

    /** Reads the settings present in {@code values} (broker config names, parsed values); the rest default. */
    public static CleanerConfig from(Map<String, ?> values) {
        CleanerConfig d = defaults();
        return new CleanerConfig(
                get(values, ENABLE, d.enabled()),
                get(values, THREADS, d.threads()),
                get(values, DEDUPE_BUFFER_SIZE, d.dedupeBufferSize()),
                get(values, IO_BUFFER_LOAD_FACTOR, d.ioBufferLoadFactor()),
                get(values, IO_BUFFER_SIZE, d.ioBufferSize()),
                get(values, IO_MAX_BYTES_PER_SECOND, d.maxIoBytesPerSecond()),
                get(values, BACKOFF_MS, d.backoffMs()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Map<String, ?> values, String name, T fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (fallback instanceof Long && v instanceof Number n) {
            return (T) Long.valueOf(n.longValue());
        }
        if (fallback instanceof Integer && v instanceof Number n) {
            return (T) Integer.valueOf(n.intValue());
        }
        if (fallback instanceof Double && v instanceof Number n) {
            return (T) Double.valueOf(n.doubleValue());
        }
        return (T) v;
    }

    /** Slots of one thread's offset map. */
    int slotsPerThread() {
        long perThread = Math.min(dedupeBufferSize / threads, Integer.MAX_VALUE);
        return (int) (perThread / io.lanes.storage.internal.OffsetMap.BYTES_PER_ENTRY);
    }

    /** Kafka's lower bound on the dedupe buffer of one thread. */
    private static final class OffsetMapBudget {
        static final long MIN_PER_THREAD = 1024 * 1024;
    }
}
