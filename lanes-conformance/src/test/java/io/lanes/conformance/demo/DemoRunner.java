package io.lanes.conformance.demo;

import io.lanes.cli.LanesCli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code lanes demo} in this JVM, as {@code ./lanes demo ...} would, and keeps what it printed. */
final class DemoRunner {
    /** The processor stage's checks, each passed, as the verdict prints them. */
    static final String[] PROCESSOR_STAGE_PASSES = {
            "PASS  the LanesProcessor handled every good event exactly once (none missing, none twice)",
            "30,000 of 30,000 good events handled exactly once",
            "PASS  the LanesProcessor handled each order's events one at a time, in sequence",
            "PASS  each transient failure was retried in place, then handled once",
            "60 events failed on the first call; each retried",
            "PASS  each malformed event is in order.processing-dlt with its raw bytes and Spring's kafka_dlt-* headers",
            "5 of 5 malformed events found with raw bytes"};
    /** Both throughputs and their ratio. */
    static final String THROUGHPUTS = "plain group [\\d,]+ events/s \\(12 consumers, one per partition\\) - "
            + "LanesProcessor [\\d,]+ events/s \\(1 instance, 200 in flight\\): \\d+\\.\\dx";

    private DemoRunner() {
    }

    /** A small, quick run: a few thousand events over a few seconds, the table every second. */
    static Result runSmall(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("demo", "--events", "3000", "--duration", "5s", "--interval", "1s",
                "--timeout", "60s"));
        args.addAll(List.of(extraArgs));
        CommandLine cli = LanesCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        Result result = new Result(exit, out.toString(), err.toString());
        System.out.println(result.out());
        System.out.println(result.err());
        return result;
    }

    /** The ratio printed after both throughputs: 5.9 for "...: 5.9x". */
    static double speedup(String out) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(THROUGHPUTS.replace("\\d+\\.\\dx", "(\\d+\\.\\d)x"))
                .matcher(out);
        if (!matcher.find()) {
            throw new AssertionError("no throughputs in the output");
        }
        return Double.parseDouble(matcher.group(1));
    }

    record Result(int exitCode, String out, String err) {
    }
}
