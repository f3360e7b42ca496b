package io.lanes.cli.command;

import picocli.CommandLine.Option;

/** {@code --output table|json} (a picocli mixin). */
public final class OutputOptions {

    /** How results are printed. */
    public enum Format { TABLE, JSON }

    @Option(names = "--output", paramLabel = "table|json", defaultValue = "table",
            converter = FormatConverter.class,
            description = "table (default, for people) or json (one document, for scripts).")
    Format format;

    public Format format() {
        return format;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected table or json, got '" + value + "'");
            }
        }
    }
}
