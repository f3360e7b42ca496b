package io.lanes.ops.plan;

import java.math.BigDecimal;

/**
 * Spare capacity planned above the minimum partition count, as a fraction ({@code 0.2} = 20%).
 * Written {@code 20%} or {@code 0.2}; a bare number above 1 is refused as ambiguous (is {@code 20}
 * 20% or 2,000%?). Immutable.
 *
 * @param fraction the headroom as a fraction, zero or more
 */
public record Headroom(BigDecimal fraction) {

    public Headroom {
        if (fraction.signum() < 0) {
            throw new IllegalArgumentException("headroom cannot be negative, got " + fraction);
        }
    }

    /** Reads {@code 20%}, {@code 12.5%} or {@code 0.2}; throws {@link IllegalArgumentException} with a one-line reason. */
    public static Headroom parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        boolean percent = trimmed.endsWith("%");
        String number = percent ? trimmed.substring(0, trimmed.length() - 1).trim() : trimmed;
        BigDecimal value;
        try {
            value = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("headroom '" + text + "' is not a number: write 20% or 0.2");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("headroom '" + text + "' is negative: write 20% or 0.2");
        }
        if (percent) {
            return new Headroom(value.movePointLeft(2));
        }
        if (value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("headroom '" + text + "' is ambiguous: write " + value.toPlainString()
                    + "% or a fraction such as 0.2");
        }
        return new Headroom(value);
    }

    /** The headroom in percent, e.g. {@code 20} or {@code 12.5}. */
    public BigDecimal percent() {
        return fraction.movePointRight(2).stripTrailingZeros();
    }

    /** {@code 1 + headroom}, e.g. {@code 1.2}. */
    public BigDecimal factor() {
        return BigDecimal.ONE.add(fraction);
    }

    @Override
    public String toString() {
        return percent().toPlainString() + "%";
    }
}
