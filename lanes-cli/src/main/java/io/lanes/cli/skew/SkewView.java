package io.lanes.cli.skew;

import io.lanes.cli.command.Printer;
import io.lanes.ops.skew.KeyShare;
import io.lanes.ops.skew.PartitionShare;
import io.lanes.ops.skew.SkewReport;

import java.util.List;
import java.util.Locale;

/**
 * The table form of a {@link SkewReport}: a summary with the verdict and its thresholds, the top keys,
 * the partitions, then the options. Not thread-safe (one per run).
 */
final class SkewView {
    private final Printer printer;

    SkewView(Printer printer) {
        this.printer = printer;
    }

    void print(SkewReport report) {
        printer.line(format("topic %s: %,d records in %d partitions, %,d sampled from the %s of each partition",
                report.topic(), report.totalRecords(), report.partitions().size(), report.sampled(), report.from()));
        printer.line("verdict: " + report.verdict().label() + ": " + report.reason());
        printer.line(format("max/mean partition: %.2f by records, %.2f by bytes", report.maxMeanRecords(),
                report.maxMeanBytes()));
        printer.line(format("keys: %,d distinct in the sample%s", report.distinctKeys(), report.nullKeyShare() > 0
                ? format(", %s of records without a key", percent(report.nullKeyShare())) : ""));
        printer.line("");
        printer.line(format("top keys (estimated from the sample; hot: at least %sx the median key's records)",
                trim(report.thresholds().hotKeyFactor())));
        printer.table(List.of("KEY", "RECORDS", "SHARE", "BYTES SHARE", "PARTITION", "HOT"),
                report.topKeys().stream().map(SkewView::keyRow).toList());
        printer.line("");
        printer.line("partitions (records from offsets, bytes estimated from the sample)");
        printer.table(List.of("PARTITION", "RECORDS", "SHARE", "BYTES", "BYTES SHARE", "X MEAN"),
                report.partitions().stream().map(SkewView::partitionRow).toList());
        if (!report.options().isEmpty()) {
            printer.line("");
            printer.line("options:");
            report.options().forEach(o -> printer.line("  - " + o));
        }
    }

    private static List<String> keyRow(KeyShare key) {
        return List.of(key.key(), format("~%,d", key.estimatedRecords()), percent(key.recordShare()),
                percent(key.byteShare()), Integer.toString(key.partition()), key.hot() ? "hot" : "");
    }

    private static List<String> partitionRow(PartitionShare p) {
        return List.of(Integer.toString(p.partition()), format("%,d", p.records()), percent(p.recordShare()),
                format("~%,d", p.estimatedBytes()), percent(p.byteShare()), format("%.2f", p.ratioToMean()));
    }

    private static String percent(double share) {
        return format("%.1f%%", share * 100);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
