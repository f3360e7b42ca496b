package io.lanes.conformance.clients;

import io.lanes.conformance.harness.CommandRunner;
import io.lanes.conformance.harness.JavaCommand;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.java.ConformanceBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The previous Java client line, kafka-clients 4.1.x, keeps working beside the current one. The test class path
 * holds only the current kafka-clients, so the build copies kafka-clients 4.1.1 and its runtime dependencies to
 * {@code target/kafka-clients-previous} and a child JVM runs {@code PreviousClientScenarios.java} (a test resource,
 * in Java's single-file source mode) on them against the broker: an idempotent producer and a classic group
 * consumer that commits, a consumer protocol (KIP-848) group, transactions read by read_committed and
 * read_uncommitted consumers, Admin creating and describing topics, describing groups and listing offsets.
 *
 * <p>The child runs once for the class; each test checks what one scenario printed ({@code scenario: key=value}
 * lines). Run with {@code -Dlanes.conformance.broker=kafka} to check the expectations against Apache Kafka.
 */
class KafkaClients41ConformanceTest {
    private static final String SCENARIOS = "io/lanes/conformance/clients/PreviousClientScenarios.java";
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.create();

    private static ProcessResult run;

    @BeforeAll
    static void runScenariosWithThePreviousClient() throws Exception {
        Path scenarios = testResource(SCENARIOS);
        Path testClasses = scenarios;
        for (int i = 0; i < SCENARIOS.split("/").length; i++) {
            testClasses = testClasses.getParent();
        }
        Path jars = testClasses.resolveSibling("kafka-clients-previous");
        assertThat(jars.resolve("kafka-clients-4.1.1.jar")).as("copied by the build (maven-dependency-plugin)")
                .exists();
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.javaExecutable());
        command.addAll(JavaCommand.QUICK_START);
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(jars + java.io.File.separator + "*");
        command.add(scenarios.toString());
        command.add(broker.bootstrapServers());
        run = CommandRunner.run(command, CHILD_TIMEOUT);
    }

    @Test
    void shouldRunTheScenariosWithKafkaClients41WhenTheChildJvmStarts() {
        // then: the child used the copied client, not the test class path's, and every scenario passed
        assertThat(lines("client")).containsExactly("version=4.1.1");
        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    @Test
    void shouldConsumeAndCommitInOrderWhenAnIdempotentProducerFeedsAClassicGroup() {
        // then
        assertThat(lines("idempotent-classic")).as(run.describe()).containsExactly(
                "consumed=[v0, v1, v2, v3, v4, v5, v6, v7, v8, v9]",
                "committed=10");
    }

    @Test
    void shouldConsumeEveryPartitionAndCommitWhenTheGroupUsesTheConsumerProtocol() {
        // then
        assertThat(lines("consumer-protocol")).as(run.describe()).containsExactly(
                "consumed=[v0, v1, v2, v3, v4, v5]",
                "committed={0=3, 1=3}",
                "member epoch positive=true");
    }

    @Test
    void shouldShowOnlyCommittedRecordsAndOffsetsWhenReadCommitted() {
        // then
        assertThat(lines("transactions")).as(run.describe()).containsExactly(
                "read_committed=[committed-1, committed-2, committed-3]",
                "read_uncommitted=[committed-1, committed-2, aborted-1, committed-3]",
                "group offset previous-txn-0=2/first");
    }

    @Test
    void shouldDescribeTopicsAndGroupsAndListOffsetsWhenAdminAsks() {
        // then: three transaction markers count in the end offset of the transactional topic
        assertThat(lines("admin")).as(run.describe()).containsExactly(
                "partitions=3",
                "topic id assigned=true",
                "internal=false",
                "previous-classic-group=Classic Empty members=0",
                "previous-consumer-group=Consumer Empty members=0",
                "earliest previous-classic-0=0",
                "latest previous-classic-0=10",
                "latest read_committed previous-txn-0=7");
    }

    /** What one scenario printed, without the {@code scenario: } prefix, in order. */
    private static List<String> lines(String scenario) {
        String prefix = scenario + ": ";
        return run.stdout().lines().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length())).toList();
    }

    private static Path testResource(String name) throws URISyntaxException {
        URL url = KafkaClients41ConformanceTest.class.getClassLoader().getResource(name);
        assertThat(url).as(name + " on the test class path").isNotNull();
        Path path = Path.of(url.toURI());
        assertThat(Files.isRegularFile(path)).isTrue();
        return path;
    }
}
