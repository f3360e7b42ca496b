package io.lanes.ops.plan;

import java.math.BigDecimal;

/**
 * A rate the plan is computed from, in records per second, and where it came from: given on the
 * command line, or measured on the cluster over a window. Immutable.
 *
 * @param value  records per second, above zero
 * @param source {@code given}, or how it was measured (e.g. {@code measured over 10 s})
 */
public record PlanInput(BigDecimal value, String source) {

    public PlanInput {
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("a rate must be above zero, got " + value.toPlainString());
        }
    }

    public static PlanInput given(BigDecimal value) {
        return new PlanInput(value, "given");
    }

    public static PlanInput measured(double value, String how) {
        return new PlanInput(BigDecimal.valueOf(value).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros(),
                how);
    }

    public boolean isGiven() {
        return "given".equals(source);
    }
}
