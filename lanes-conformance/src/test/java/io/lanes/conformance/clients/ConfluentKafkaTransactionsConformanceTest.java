package io.lanes.conformance.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.lanes.conformance.harness.CommandRunner;
import io.lanes.conformance.harness.ExternalTools;
import io.lanes.conformance.harness.Librdkafka;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * librdkafka's transactional producer through python3-confluent-kafka, as in the exactly-once section of seed
 * article 001: {@code init_transactions}, a committed and an aborted transaction, then one read-process-write
 * step that commits the consumer's offsets with {@code send_offsets_to_transaction}. The script
 * {@code confluent_kafka_transactions.py} only observes; this class asserts. It runs with Debian's librdkafka
 * and with the current release ({@link Librdkafka}) against one broker; the script prints the
 * {@code rd_kafka_version_str()} it loaded and the test checks it against the build.
 */
class ConfluentKafkaTransactionsConformanceTest {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final int INPUT_RECORDS = 10;

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private static Path script;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = TargetBrokers.start(workDir.resolve("broker"));
        script = workDir.resolve("confluent_kafka_transactions.py");
        try (InputStream in = Objects.requireNonNull(
                ConfluentKafkaTransactionsConformanceTest.class.getResourceAsStream("confluent_kafka_transactions.py"))) {
            Files.copy(in, script);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldShowOnlyCommittedRecordsAndCommitGroupOffsetsWithTheTransactionWhenLibrdkafkaUsesTransactions(
            Librdkafka build) throws Exception {
        // given
        Path python = ExternalTools.pythonWithConfluentKafka();
        build.loadedByPython(python);
        String suffix = "_" + build.name().toLowerCase();
        String input = "payments" + suffix;
        String output = "payment_results" + suffix;
        String group = "payment_processor" + suffix;
        Topics.create(broker.bootstrapServers(), input, 2);
        Topics.create(broker.bootstrapServers(), output, 1);
        produceInput(input);

        // when
        ProcessResult result = CommandRunner.run(List.of(python.toString(), script.toString(), "transactions",
                "--bootstrap", broker.bootstrapServers(), "--input", input, "--output", output, "--group", group,
                "--transactional-id", "payment-processor" + suffix, "--expect", Integer.toString(INPUT_RECORDS)),
                SCRIPT_TIMEOUT, null, build.environment());

        // then
        assertThat(fields(result, "LIBRDKAFKA")).as(result.describe()).hasSize(1);
        build.checked(fields(result, "LIBRDKAFKA").get(0).get(0));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(fields(result, "INITIALIZED")).as(result.describe()).hasSize(1);
        assertThat(fields(result, "COMMITTED_TXN")).extracting(f -> f.get(0))
                .containsExactly("committed-1", "committed-2", "committed-3");
        assertThat(fields(result, "ABORTED_TXN")).extracting(f -> f.get(0))
                .containsExactly("aborted-1", "aborted-2", "aborted-3");
        assertThat(fields(result, "RPW_COMMITTED")).as(result.describe()).hasSize(1);

        List<String> expectedVisible = new ArrayList<>(List.of("committed-1", "committed-2", "committed-3"));
        for (int i = 0; i < INPUT_RECORDS; i++) {
            expectedVisible.add("processed:payment-" + i);
        }
        assertThat(fields(result, "VISIBLE")).extracting(f -> f.get(3)).as("read_committed")
                .containsExactlyInAnyOrderElementsOf(expectedVisible);
        assertThat(fields(result, "UNCOMMITTED")).extracting(f -> f.get(3)).as("read_uncommitted")
                .containsAll(expectedVisible)
                .contains("aborted-1", "aborted-2", "aborted-3")
                .hasSize(expectedVisible.size() + 3);

        Map<Integer, Long> sent = offsets(fields(result, "RPW_OFFSET"));
        Map<Integer, Long> inputEnds = Map.of(0, endOffset(input, 0), 1, endOffset(input, 1));
        assertThat(sent).as("offsets sent with the transaction").isEqualTo(inputEnds);
        assertThat(offsets(fields(result, "GROUP_OFFSET"))).as("committed offsets librdkafka reads back")
                .isEqualTo(sent);
        assertThat(committedOffsets(group, input)).as("committed offsets kafka-clients reads back (stable)")
                .isEqualTo(sent);
    }

    private static void produceInput(String topic) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < INPUT_RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "order-" + i, "payment-" + i)).get();
            }
        }
    }

    private static long endOffset(String topic, int partition) throws Exception {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                    .partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
        }
    }

    private static Map<Integer, Long> committedOffsets(String group, String topic) throws Exception {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group,
                            new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        }
    }

    private static Map<Integer, Long> offsets(List<List<String>> fields) {
        return fields.stream().collect(Collectors.toMap(f -> Integer.parseInt(f.get(0)), f -> Long.parseLong(f.get(1))));
    }

    /** The tab-separated fields after the tag of every stdout line starting with {@code tag}. */
    private static List<List<String>> fields(ProcessResult result, String tag) {
        return result.stdout().lines()
                .map(line -> List.of(line.split("\t", -1)))
                .filter(f -> f.get(0).equals(tag))
                .map(f -> f.subList(1, f.size()))
                .toList();
    }
}
