package io.lanes.cli.lag;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.CommandFailure;
import io.lanes.cli.command.DurationConverter;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.lag.GroupLag;
import io.lanes.ops.lag.LagMonitor;
import io.lanes.ops.lag.LagReport;
import io.lanes.ops.lag.LagStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code lanes lag}: consumer lag per group and partition, in records and in seconds, with
 * Burrow's status judged from what is observed over {@code --window} (or continuously with
 * {@code --watch}). {@code --fail-on warn|err} makes a verdict at that level exit code 1.
 */
@Command(name = "lag", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Consumer lag in records and in seconds, with Burrow's verdicts (OK, WARN, ERR; per partition "
                + "OK, WARN, STOP, STALL, REWIND) and the alert thresholds.",
                "Prints the lag at once, then the status from what it observes over --window."})
public final class LagCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Mixin
    LagOptions lag;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.Positive.class,
            description = "How long to observe before judging (default ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--watch", description = "Keep a rolling window and refresh in place (json: one document per refresh).")
    boolean watch;

    @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.Positive.class,
            description = "With --watch: how often to refresh (default ${DEFAULT-VALUE}).")
    Duration refresh;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N refreshes (default: never).")
    Integer count;

    @Option(names = "--fail-on", paramLabel = "warn|err", converter = FailOnConverter.class,
            description = "Exit with code 1 when a group's status or alert reaches this level.")
    LagStatus failOn;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Printer printer = new Printer(out, output.format());
        try (LagMonitor monitor = LagMonitor.open(cluster.clientConfig(), lag.settings(cluster.timeout()))) {
            monitor.tick();
            if (!printer.json()) {
                LagTables.offsets(printer, monitor.report());
                printer.line("");
            }
            observe(monitor, window);
            LagReport report = monitor.report();
            if (!watch) {
                show(printer, out, report, false);
                check(report);
                return 0;
            }
            for (int n = 1; count == null || n <= count; n++) {
                if (n > 1) {
                    observe(monitor, refresh);
                    report = monitor.report();
                }
                show(printer, out, report, true);
                check(report);
            }
        }
        return 0;
    }

    private void observe(LagMonitor monitor, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(lag.interval().toMillis(), (end - System.nanoTime()) / 1_000_000)));
            monitor.tick();
        }
    }

    private static void show(Printer printer, PrintWriter out, LagReport report, boolean inPlace) {
        if (printer.json()) {
            printer.printJson(report);
            return;
        }
        if (inPlace) {
            out.print("\u001b[H\u001b[2J"); // cursor home, clear screen: the next frame replaces this one
        }
        LagTables.verdicts(printer, report);
    }

    private void check(LagReport report) {
        if (failOn == null) {
            return;
        }
        for (GroupLag group : report.groups()) {
            if (group.verdict().reaches(failOn)) {
                boolean byAlert = !group.status().reaches(failOn);
                throw new CommandFailure(CommandFailure.CHECK_FAILED, "group " + group.group() + " is "
                        + (byAlert ? "at alert " + group.alert().level() + ": " + group.alert().rule()
                        : group.status() + ": " + group.rule()));
            }
        }
    }

    static final class FailOnConverter implements CommandLine.ITypeConverter<LagStatus> {
        @Override
        public LagStatus convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "warn" -> LagStatus.WARN;
                case "err" -> LagStatus.ERR;
                default -> throw new CommandLine.TypeConversionException("expected warn or err, got '" + value + "'");
            };
        }
    }
}
