package io.lanes.ops.plan;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The partition-count rule: {@code minimum = ceil(peak / per-consumer rate)} (one consumer per
 * partition is a group's maximum parallelism) and {@code recommended = ceil(minimum * (1 +
 * headroom))}. Decimal arithmetic, so 25 * 1.2 is exactly 30 and not 31 after a binary rounding
 * error. Stateless and thread-safe.
 */
public final class PartitionPlanner {
    private PartitionPlanner() {
    }

    public static PartitionPlan plan(PlanInput peakRate, PlanInput perConsumerRate, Headroom headroom) {
        BigDecimal peak = peakRate.value();
        BigDecimal perConsumer = perConsumerRate.value();
        long minimum = Math.max(1, peak.divide(perConsumer, 0, RoundingMode.CEILING).longValueExact());
        long recommended = BigDecimal.valueOf(minimum).multiply(headroom.factor())
                .setScale(0, RoundingMode.CEILING).longValueExact();
        String minimumRule = "ceil(peak rate / per-consumer rate) = ceil(" + plain(peak) + " / " + plain(perConsumer) + ")";
        String recommendedRule = "ceil(minimum * (1 + headroom)) = ceil(" + minimum + " * " + plain(headroom.factor()) + ")";
        double busy = peak.divide(perConsumer.multiply(BigDecimal.valueOf(recommended)), MathContext.DECIMAL64)
                .movePointRight(2).doubleValue();
        return new PartitionPlan(peakRate, perConsumerRate, headroom, minimum, recommended, minimumRule,
                recommendedRule, recommended - minimum, busy);
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
