package io.lanes.cli.plan;

import picocli.CommandLine;

import java.math.BigDecimal;

/** Reads a rate in records per second: a decimal number such as {@code 50000} or {@code 1250.5}. */
final class RateConverter implements CommandLine.ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(String value) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a rate in records/s (e.g. 50000)");
        }
    }
}
