package io.lanes.conformance.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.lanes.conformance.harness.KafkaTools;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-get-offsets.sh} ({@code org.apache.kafka.tools.GetOffsetShell}): ListOffsets for
 * latest, earliest, a timestamp and the max timestamp. Partition 0 holds five records with
 * timestamps 1000..5000, partition 1 three records with timestamps 3000, 9000, 1000 (the
 * maximum is not the last), partition 2 nothing. Each record is its own batch.
 */
class GetOffsetShellToolTest {

    private static final String TOPIC = "offsets";

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private static KafkaTools tools;

    @BeforeAll
    static void startBrokerAndProduce() throws Exception {
        broker = TargetBrokers.start(workDir.resolve("broker"));
        tools = new KafkaTools(workDir.resolve("tools"));
        Topics.create(broker.bootstrapServers(), TOPIC, 3);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (long timestamp : new long[] {1000, 2000, 3000, 4000, 5000}) {
                producer.send(new ProducerRecord<>(TOPIC, 0, timestamp, "k" + timestamp, "v")).get();
            }
            for (long timestamp : new long[] {3000, 9000, 1000}) {
                producer.send(new ProducerRecord<>(TOPIC, 1, timestamp, "k" + timestamp, "v")).get();
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldPrintLogEndOffsetOfEveryPartitionWhenGetOffsetsAsksForLatest() {
        // when
        ProcessResult result = getOffsets("--time", "-1");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().lines()).as(result.describe())
                .containsExactly(TOPIC + ":0:5", TOPIC + ":1:3", TOPIC + ":2:0");
    }

    @Test
    void shouldPrintZeroForEveryPartitionWhenGetOffsetsAsksForEarliest() {
        // when
        ProcessResult result = getOffsets("--time", "-2");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().lines()).as(result.describe())
                .containsExactly(TOPIC + ":0:0", TOPIC + ":1:0", TOPIC + ":2:0");
    }

    @Test
    void shouldPrintFirstOffsetAtOrAfterTimestampWhenGetOffsetsAsksForTimestamp() {
        // when
        ProcessResult between = getOffsets("--partitions", "0", "--time", "2500");
        ProcessResult exact = getOffsets("--partitions", "0", "--time", "4000");
        ProcessResult nonMonotonic = getOffsets("--partitions", "1", "--time", "2000");

        // then
        assertThat(between.stdout().lines()).as(between.describe()).containsExactly(TOPIC + ":0:2");
        assertThat(exact.stdout().lines()).as(exact.describe()).containsExactly(TOPIC + ":0:3");
        assertThat(nonMonotonic.stdout().lines()).as(nonMonotonic.describe()).containsExactly(TOPIC + ":1:0");
    }

    @Test
    void shouldPrintNothingForPartitionWhenGetOffsetsAsksForTimestampAfterEveryRecord() {
        // when
        ProcessResult result = getOffsets("--partitions", "0", "--time", "99999999999999");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isBlank();
    }

    @Test
    void shouldPrintOffsetOfLargestTimestampWhenGetOffsetsAsksForMaxTimestamp() {
        // when
        ProcessResult result = getOffsets("--partitions", "0,1", "--time", "-3");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().lines()).as(result.describe())
                .containsExactly(TOPIC + ":0:4", TOPIC + ":1:1");
    }

    private ProcessResult getOffsets(String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "--bootstrap-server";
        full[1] = broker.bootstrapServers();
        full[2] = "--topic";
        full[3] = TOPIC;
        System.arraycopy(args, 0, full, 4, args.length);
        return tools.run(KafkaTools.GET_OFFSETS, full);
    }
}
