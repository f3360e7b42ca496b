package io.lanes.cli.plan;

import io.lanes.cli.command.Printer;
import io.lanes.ops.plan.MeasuredRates;
import io.lanes.ops.plan.PartitionPlan;
import io.lanes.ops.plan.PartitionPlanReport;
import io.lanes.ops.plan.PlanInput;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The table form of a {@link PartitionPlanReport}: one {@code name: value} line per input and result,
 * each result with its rule and the numbers put in, then the measurement, warnings and notes, one line
 * each. Not thread-safe (one per run).
 */
final class PlanView {
    private final Printer printer;

    PlanView(Printer printer) {
        this.printer = printer;
    }

    void print(PartitionPlanReport report) {
        PartitionPlan plan = report.plan();
        Map<String, String> pairs = new LinkedHashMap<>();
        if (report.topic() != null) {
            pairs.put("topic", report.topic() + " (" + report.currentPartitions() + " partitions now)");
        }
        pairs.put("peak rate", rate(plan.peakRate()));
        pairs.put("per-consumer rate", rate(plan.perConsumerRate()));
        pairs.put("headroom", plan.headroom().toString());
        pairs.put("minimum", plan.minimum() + " partitions = " + plan.minimumRule());
        pairs.put("recommended", plan.recommended() + " partitions = " + plan.recommendedRule());
        pairs.put("at the peak", String.format(Locale.ROOT, "%d partition%s above the minimum; each of %d consumers %.0f%% busy",
                plan.extraPartitions(), plan.extraPartitions() == 1 ? "" : "s", plan.recommended(), plan.busyAtPeakPercent()));
        if (report.keySpace() != null) {
            pairs.put("keys", String.format(Locale.ROOT, "%,d distinct (%s)", report.keySpace().distinctKeys(),
                    report.keySpace().source()));
        }
        printer.pairs(pairs);
        MeasuredRates measured = report.measured();
        if (measured != null && report.group() != null && plan.perConsumerRate().source().startsWith("measured")) {
            printer.line("note: " + groupNote(measured));
        }
        if (measured != null && plan.peakRate().source().startsWith("measured")) {
            printer.line("note: the produce rate is the rate during the window, not necessarily the peak: give "
                    + "--peak-rate for a known peak");
        }
        if (measured != null) {
            measured.notes().forEach(n -> printer.line("note: " + n));
        }
        report.warnings().forEach(w -> printer.line("warning: " + w));
        report.notes().forEach(n -> printer.line("note: " + n));
    }

    private static String groupNote(MeasuredRates measured) {
        if (measured.saturated()) {
            return String.format(Locale.ROOT, "records were waiting for the group throughout the window (lag %,d -> %,d): "
                    + "the measured rate is what its consumers can process", measured.lagStart(), measured.lagEnd());
        }
        return String.format(Locale.ROOT, "the group kept up (lag %,d -> %,d): it processed what it was given, so each "
                + "consumer can do at least the measured rate and the minimum is an upper bound", measured.lagStart(),
                measured.lagEnd());
    }

    private static String rate(PlanInput input) {
        return input.value().stripTrailingZeros().toPlainString() + " records/s (" + input.source() + ")";
    }
}
