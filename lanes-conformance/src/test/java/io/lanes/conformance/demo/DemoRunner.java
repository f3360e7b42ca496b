package io.lanes.conformance.demo;

import io.lanes.ops.LanesCli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code lanes demo} in this JVM, as {@code ./lanes demo ...} would, and keeps what it printed. */
final class DemoRunner {
    private DemoRunner() {
    }

    /** A small, quick run: a few thousand events over a few seconds, the table every second. */
    static Result runSmall(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("demo", "--events", "3000", "--duration", "5s", "--interval", "1s",
                "--timeout", "60s"));
        args.addAll(List.of(extraArgs));
        CommandLine cli = new CommandLine(new LanesCli());
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

    record Result(int exitCode, String out, String err) {
    }
}
