package io.lanes.cli.lag;

import io.lanes.cli.command.Printer;
import io.lanes.ops.lag.GroupLag;
import io.lanes.ops.lag.LagReport;
import io.lanes.ops.lag.PartitionLag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text tables of {@code lanes lag}: offsets and lag at once, verdicts after the window. Stateless. */
final class LagTables {

    private LagTables() {
    }

    /** Per group and partition: offsets, lag in records and in seconds, the member. */
    static void offsets(Printer printer, LagReport report) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupLag g : report.groups()) {
            for (PartitionLag p : g.partitions()) {
                rows.add(List.of(g.group(), p.topic(), Integer.toString(p.partition()), Long.toString(p.committed()),
                        Long.toString(p.latest()), Long.toString(p.lag()), seconds(p.lagSeconds()),
                        dash(p.member().consumerId()), dash(p.member().host()), dash(p.member().clientId())));
            }
        }
        printer.table(List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "LAG-SECONDS",
                "CONSUMER-ID", "HOST", "CLIENT-ID"), rows);
    }

    /** Per partition the status and its rule, then per group the status, alert and the rule that decided. */
    static void verdicts(Printer printer, LagReport report) {
        List<List<String>> partitions = new ArrayList<>();
        List<List<String>> groups = new ArrayList<>();
        for (GroupLag g : report.groups()) {
            for (PartitionLag p : g.partitions()) {
                partitions.add(List.of(g.group(), p.topic(), Integer.toString(p.partition()), Long.toString(p.lag()),
                        seconds(p.lagSeconds()), p.status().name(), p.rule()));
            }
            groups.add(List.of(g.group(), g.status().name(), g.alert().level().name(), Long.toString(g.totalLag()),
                    seconds(g.maxLagSeconds()), g.rule(), g.alert().rule()));
        }
        printer.table(List.of("GROUP", "TOPIC", "PARTITION", "LAG", "LAG-SECONDS", "STATUS", "RULE"), partitions);
        printer.line("");
        printer.table(List.of("GROUP", "STATUS", "ALERT", "TOTAL-LAG", "MAX-LAG-SECONDS", "RULE", "ALERT-RULE"), groups);
        printer.line("");
        printer.line(String.format(Locale.ROOT, "observed %.1fs; commits: %s", report.observedMs() / 1000.0,
                report.commitSource().description()));
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
