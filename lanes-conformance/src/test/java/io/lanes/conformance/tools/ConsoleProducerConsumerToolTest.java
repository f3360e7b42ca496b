package io.lanes.conformance.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.lanes.conformance.harness.KafkaTools;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-console-producer.sh} with {@code parse.key} and {@code kafka-console-consumer.sh}
 * reading one partition from the earliest offset (assign, no consumer group).
 */
class ConsoleProducerConsumerToolTest {

    private static final int PARTITIONS = 2;

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private static KafkaTools tools;

    @BeforeAll
    static void startBroker() {
        broker = TargetBrokers.start(workDir.resolve("broker"));
        tools = new KafkaTools(workDir.resolve("tools"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldReturnKeyedLinesOnTheirMurmur2PartitionInOrderWhenConsoleToolsProduceAndConsume() {
        // given
        String topic = "console-keyed";
        Topics.create(broker.bootstrapServers(), topic, PARTITIONS);
        List<String[]> sent = new ArrayList<>();
        for (int seq = 0; seq < 10; seq++) {
            for (int user = 0; user < 6; user++) {
                sent.add(new String[] {"user-" + user, "event-" + seq});
            }
        }
        String input = sent.stream().map(m -> m[0] + ":" + m[1]).collect(Collectors.joining("\n", "", "\n"));

        // when
        ProcessResult produced = tools.runWithInput(KafkaTools.CONSOLE_PRODUCER, input,
                "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=:");
        List<ProcessResult> consumed = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            consumed.add(tools.run(KafkaTools.CONSOLE_CONSUMER,
                    "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                    "--partition", Integer.toString(partition), "--offset", "earliest",
                    "--max-messages", Long.toString(expectedOn(sent, partition)), "--timeout-ms", "20000",
                    "--formatter-property", "print.key=true", "--formatter-property", "print.partition=true",
                    "--formatter-property", "print.offset=true"));
        }

        // then
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            ProcessResult result = consumed.get(partition);
            assertThat(result.exitCode()).as(result.describe()).isZero();
            List<String> expected = new ArrayList<>();
            long offset = 0;
            for (String[] message : sent) {
                if (partitionOf(message[0]) == partition) {
                    expected.add("Partition:" + partition + "\tOffset:" + offset++ + "\t" + message[0] + "\t" + message[1]);
                }
            }
            assertThat(result.stdout().lines().toList()).as("partition " + partition + "\n" + result.describe())
                    .containsExactlyElementsOf(expected);
            assertThat(result.stderr()).contains("Processed a total of " + expected.size() + " messages");
        }
    }

    @Test
    void shouldStopAtLogEndWhenConsoleConsumerReadsEmptyPartitionWithTimeout() {
        // given
        String topic = "console-empty";
        Topics.create(broker.bootstrapServers(), topic, 1);

        // when
        ProcessResult result = tools.run(KafkaTools.CONSOLE_CONSUMER,
                "--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                "--partition", "0", "--offset", "earliest", "--timeout-ms", "2000");

        // then
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).as(result.describe()).contains("Processed a total of 0 messages");
    }

    /** The Java producer's default partitioning of a keyed record: murmur2 of the key bytes. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static long expectedOn(List<String[]> sent, int partition) {
        return sent.stream().filter(m -> partitionOf(m[0]) == partition).count();
    }
}
