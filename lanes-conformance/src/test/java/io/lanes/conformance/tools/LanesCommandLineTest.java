package io.lanes.conformance.tools;

import io.lanes.conformance.harness.CommandRunner;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations commands as a user meets them: the {@code ./lanes} launcher run as a process
 * against a broker (Lanes, or Apache Kafka with {@code -Dlanes.conformance.broker=kafka}),
 * judged by what it prints and its exit code.
 */
class LanesCommandLineTest {
    private static final Path LAUNCHER = Path.of("..", "lanes").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path workDir;

    private static TargetBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TargetBrokers.start(workDir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCreateProduceConsumeAndReportLagWhenRunAsACommand() {
        // when
        ProcessResult created = lanes(null, "topic", "create", "cli-orders", "--partitions", "3");
        ProcessResult produced = lanes("order-1:placed\norder-2:placed\norder-1:paid\n",
                "produce", "--topic", "cli-orders", "--key-separator", ":");
        ProcessResult consumed = lanes(null, "consume", "--topic", "cli-orders", "--from-beginning",
                "--max-messages", "3", "--group", "cli-billing");
        ProcessResult described = lanes(null, "group", "describe", "cli-billing");
        ProcessResult lag = lanes(null, "lag", "--group", "cli-billing", "--window", "2s", "--fail-on", "warn");

        // then
        assertThat(created.exitCode()).as(created.describe()).isZero();
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(produced.stdout()).contains("Wrote 3 records to cli-orders.");
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        assertThat(consumed.stdout().lines().filter(l -> l.contains("key=order-1")).toList())
                .as("order-1's events in order").hasSize(2)
                .satisfies(lines -> assertThat(lines.get(0)).endsWith("value=placed"))
                .satisfies(lines -> assertThat(lines.get(1)).endsWith("value=paid"));
        assertThat(described.exitCode()).as(described.describe()).isZero();
        assertThat(described.stdout()).contains("cli-billing").contains("Total lag:   0");
        assertThat(lag.exitCode()).as(lag.describe()).isZero();
        assertThat(lag.stdout()).contains("every partition OK");
    }

    @Test
    void shouldAnswerBadInputWithOneLineAndExitCodeTwo() {
        // when
        ProcessResult unknownTopic = lanes(null, "topic", "describe", "cli-never-created");
        ProcessResult badOption = lanes(null, "plan", "partitions", "--peak-rate", "fast");
        ProcessResult unreachable = lanesAt("127.0.0.1:1", "topic", "list", "--timeout", "2");

        // then
        for (ProcessResult result : List.of(unknownTopic, badOption, unreachable)) {
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
            assertThat(result.stderr().strip().lines().filter(l -> l.startsWith("lanes ")).count())
                    .as(result.describe()).isEqualTo(1);
            assertThat(result.stderr()).doesNotContain("Exception");
        }
        assertThat(unknownTopic.stderr()).contains("cli-never-created");
    }

    @Test
    void shouldPlanSeedArticleExampleWhenGivenRates() {
        // when
        ProcessResult plan = lanes(null, "plan", "partitions", "--peak-rate", "50000", "--per-consumer-rate", "2000",
                "--headroom", "20%");

        // then
        assertThat(plan.exitCode()).as(plan.describe()).isZero();
        assertThat(plan.stdout()).contains("minimum:           25 partitions").contains("recommended:       30 partitions");
    }

    @Test
    void shouldStartTheServerWithNothingButLogLinesOnStderr() {
        // given: the jar built, so that the launcher's build messages are not part of the start
        ProcessResult built = CommandRunner.run(List.of(LAUNCHER.toString(), "--version"), TIMEOUT, null);
        assertThat(built.exitCode()).as(built.describe()).isZero();

        // when: a start as the launcher runs it, which stops once it is serving
        ProcessResult started = CommandRunner.run(List.of(LAUNCHER.toString(), "server", "--port", "0", "--data-dir",
                workDir.resolve("own-server").toString(), "--set", "lanes.http.port=0", "--set",
                "lanes.schema.registry.port=0", "--exit-after-start"), TIMEOUT, null);

        // then: e.g. no "SLF4J: ... intercepted and are now being replayed" from loggers made while slf4j bound
        assertThat(started.exitCode()).as(started.describe()).isZero();
        assertThat(started.stderr().lines().filter(line -> !line.isBlank()).toList()).as(started.describe())
                .isNotEmpty()
                .allMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) \\S+ - .*"));
    }

    private static ProcessResult lanes(String stdin, String... args) {
        return lanesAt(broker.bootstrapServers(), args, stdin);
    }

    private static ProcessResult lanesAt(String bootstrap, String... args) {
        return lanesAt(bootstrap, args, null);
    }

    private static ProcessResult lanesAt(String bootstrap, String[] args, String stdin) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--bootstrap", bootstrap));
        return CommandRunner.run(command, TIMEOUT, stdin);
    }
}
