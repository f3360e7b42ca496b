package io.lanes.cli.group;

import io.lanes.cli.LanesCli;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code lanes ...} in-process as a user meets it (exit code, stdout, stderr), and runs Kafka's
 * own tools with their stdout captured. Tests of one JVM run one after another (surefire's default),
 * which the System.out capture relies on.
 */
public final class Cli {

    /** What a run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        public List<String> outLines() {
            return out.lines().toList();
        }

        /** Asserts a failure as the issue asks: exit code 2, exactly one line on stderr, no stack trace. */
        public Result failedWithOneLine(String containing) {
            assertThat(exitCode).as("exit code of a failure; stderr: %s", err).isEqualTo(2);
            assertThat(err.lines().toList()).as("stderr").hasSize(1);
            assertThat(err).contains(containing).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }

        public Result succeeded() {
            assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
            return this;
        }
    }

    private Cli() {
    }

    public static Result lanes(String bootstrap, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--bootstrap";
        all[args.length + 1] = bootstrap;
        all[args.length + 2] = "--timeout";
        all[args.length + 3] = "20";
        return lanesRaw(all);
    }

    /** Runs without adding {@code --bootstrap} and {@code --timeout}. */
    public static Result lanesRaw(String... args) {
        CommandLine command = LanesCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** What {@code tool} printed on System.out. */
    public static String capturingStdout(Callable<?> tool) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            tool.call();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
