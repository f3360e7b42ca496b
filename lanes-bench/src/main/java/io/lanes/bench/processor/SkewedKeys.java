package io.lanes.bench.processor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded stream of keys {@code k0..k<n-1>} with Zipf-distributed popularity: key {@code i} is
 * drawn with weight {@code 1 / (i + 1)^exponent}, so exponent 0 is uniform and larger exponents
 * make a few keys hot. Also tells the throughput ceiling key order imposes: the hottest key's
 * records are handled one after another, so a run of {@code n} records lasts at least
 * {@code hottestCount x handlerLatency}.
 *
 * <p>Not thread-safe.
 */
public final class SkewedKeys {
    private final double[] cumulative;
    private final SplittableRandom random;

    public SkewedKeys(int keys, double exponent, long seed) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1");
        }
        cumulative = new double[keys];
        double sum = 0;
        for (int i = 0; i < keys; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < keys; i++) {
            cumulative[i] /= sum;
        }
        random = new SplittableRandom(seed);
    }

    /** The index of the next key. */
    public int next() {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(at >= 0 ? at : -at - 1, cumulative.length - 1);
    }

    public static String name(int index) {
        return "k" + index;
    }

    /**
     * The ideal throughput of key-ordered handling: {@code concurrency / latency}, capped by the
     * hottest key ({@code records / (hottestCount x latency)}).
     */
    public static double idealPerSecond(int concurrency, double handlerMillis, long records, long hottestKeyRecords) {
        double byConcurrency = concurrency * 1000.0 / handlerMillis;
        double byHottestKey = records * 1000.0 / (hottestKeyRecords * handlerMillis);
        return Math.min(byConcurrency, byHottestKey);
    }
}
