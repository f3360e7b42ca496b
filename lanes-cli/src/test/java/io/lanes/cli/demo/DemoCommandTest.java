package io.lanes.cli.demo;

import io.lanes.cli.LanesCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    private static Result execute(String... args) {
        CommandLine cli = LanesCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {
    }

    @Test
    void shouldListTheDemoWhenAskedForHelp() {
        // when
        Result result = execute("--help");

        // then
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("demo");
    }

    @Test
    void shouldDescribeEveryOptionWhenAskedForTheDemosHelp() {
        // when
        Result result = execute("demo", "--help");

        // then
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("--bootstrap", "--events", "--duration", "--partitions",
                "--billing-consumers", "--protocol", "--work-us", "--interval", "--seed", "--timeout",
                "--no-processor-stage", "--stage-topic", "--stage-events", "--stage-hot-share", "--stage-io",
                "--stage-concurrency", "--stage-plain-time", "--stage-malformed", "--stage-fail-every");
    }

    @Test
    void shouldExitWithTwoWhenAProcessorStageOptionIsOutOfRange() {
        // when
        Result result = execute("demo", "--stage-events", "10", "--stage-concurrency", "0", "--stage-hot-share", "2",
                "--stage-topic", "order.placed");

        // then
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--stage-events must be at least 100", "--stage-concurrency must be at least 1",
                "--stage-hot-share must be between 0 and 1", "--stage-topic must differ from --topic");
    }

    @Test
    void shouldExitWithTwoWhenAnOptionIsOutOfRange() {
        // when
        Result result = execute("demo", "--events", "5", "--billing-consumers", "0", "--protocol", "eager");

        // then
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--events must be at least 100", "--billing-consumers must be at least 1",
                "--protocol must be classic or consumer, not eager");
    }

    @Test
    void shouldExitWithTwoWhenADurationCannotBeRead() {
        // when
        Result result = execute("demo", "--duration", "soon");

        // then
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("'soon' is not a duration");
    }
}
