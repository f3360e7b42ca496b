package io.lanes.ops.skew;

/**
 * When a topic's load counts as skewed, a partition as hot and a key as hot. Immutable.
 *
 * @param skewedRatio       the busiest partition carries at least this many times the mean partition's
 *                          records or bytes: SKEWED (default 1.2)
 * @param hotPartitionRatio ... at least this many times: HOT PARTITION (default 1.5; its consumer must
 *                          be that much faster than the average one, or the group lags on it)
 * @param hotKeyFactor      a key with at least this many times the median key's records is hot (default 10)
 * @param top               how many keys the report lists (default 10)
 */
public record SkewThresholds(double skewedRatio, double hotPartitionRatio, double hotKeyFactor, int top) {

    public static final SkewThresholds DEFAULTS = new SkewThresholds(1.2, 1.5, 10, 10);

    public SkewThresholds {
        if (!(skewedRatio >= 1) || !(hotPartitionRatio >= skewedRatio)) {
            throw new IllegalArgumentException("thresholds must satisfy 1 <= skewed ratio <= hot partition ratio, got "
                    + skewedRatio + " and " + hotPartitionRatio);
        }
        if (!(hotKeyFactor > 1)) {
            throw new IllegalArgumentException("the hot key factor must be above 1, got " + hotKeyFactor);
        }
        if (top < 1) {
            throw new IllegalArgumentException("the number of top keys must be at least 1, got " + top);
        }
    }
}
