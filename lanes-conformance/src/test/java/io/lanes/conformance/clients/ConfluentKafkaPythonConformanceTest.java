package io.lanes.conformance.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.lanes.conformance.harness.CommandRunner;
import io.lanes.conformance.harness.ExternalTools;
import io.lanes.conformance.harness.Librdkafka;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.SegmentFiles;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import io.lanes.conformance.harness.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * librdkafka through python3-confluent-kafka (Debian package, run by the system interpreter),
 * with the producer settings of the partitioning article in {@code seeds/001}: acks=all,
 * idempotence, 5 in flight, lz4, linger 5 ms, 64 KiB batches, keyed by user id, delivery
 * callbacks. The script {@code confluent_kafka_scenarios.py} only observes; this class asserts. Every scenario
 * runs with Debian's librdkafka and with the current release ({@link Librdkafka}), against one broker per class;
 * each script run prints the {@code rd_kafka_version_str()} it loaded and the test checks it against the build.
 */
class ConfluentKafkaPythonConformanceTest {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private static Path script;
    private Path python;
    private Librdkafka librdkafka;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = TargetBrokers.start(workDir.resolve("broker"));
        script = workDir.resolve("confluent_kafka_scenarios.py");
        try (InputStream in = Objects.requireNonNull(
                ConfluentKafkaPythonConformanceTest.class.getResourceAsStream("confluent_kafka_scenarios.py"))) {
            Files.copy(in, script);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private void use(Librdkafka build) {
        python = ExternalTools.pythonWithConfluentKafka();
        librdkafka = build;
        build.loadedByPython(python);
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldReturnEveryRecordInPerKeyOrderOnItsDeliveredPartitionWhenProducedIdempotentlyWithLz4(Librdkafka build) {
        // given
        use(build);
        String topic = "user_events_" + build.name().toLowerCase();
        Topics.create(broker.bootstrapServers(), topic, 6);

        // when
        ProcessResult produced = script("produce", "--topic", topic, "--users", "25", "--events-per-user", "40");
        ProcessResult consumed = script("consume", "--topic", topic);

        // then
        assertRanWith(build, produced, consumed);
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        assertThat(fields(produced, "FAILED")).as(produced.describe()).isEmpty();
        assertThat(fields(produced, "SUMMARY")).containsExactly(List.of("1000", "1000", "0"));

        Map<String, Delivery> deliveries = new HashMap<>();
        for (List<String> f : fields(produced, "DELIVERED")) {
            Delivery delivery = new Delivery(f.get(0), f.get(1), Integer.parseInt(f.get(2)), Long.parseLong(f.get(3)));
            assertThat(deliveries.put(delivery.value(), delivery)).as("one delivery report per record").isNull();
        }
        List<Delivery> records = fields(consumed, "RECORD").stream()
                .map(f -> new Delivery(f.get(2), f.get(3), Integer.parseInt(f.get(0)), Long.parseLong(f.get(1))))
                .toList();
        assertThat(fields(consumed, "END")).containsExactly(List.of(Integer.toString(records.size())));

        // every record came back exactly once, where its delivery report said
        assertThat(records).hasSize(1000);
        assertThat(records).containsExactlyInAnyOrderElementsOf(deliveries.values());

        // per key: one partition, offsets increasing with the sequence number in the value
        Map<String, List<Delivery>> byKey = records.stream().collect(Collectors.groupingBy(Delivery::key));
        assertThat(byKey).hasSize(25);
        byKey.forEach((key, forKey) -> {
            assertThat(forKey).extracting(Delivery::partition).as("partitions of " + key)
                    .containsOnly(forKey.get(0).partition());
            List<Integer> sequence = forKey.stream().sorted(Comparator.comparingLong(Delivery::offset))
                    .map(d -> seqOf(d.value())).toList();
            assertThat(sequence).as("sequence of " + key + " in offset order").isSorted()
                    .doesNotHaveDuplicates().hasSize(40);
            assertThat(forKey).allSatisfy(d -> assertThat(d.value()).contains("\"user_id\":\"" + key + "\""));
        });

        // the lz4 batches librdkafka built are what the log holds; librdkafka sends a batch uncompressed when lz4
        // would not make it smaller, which happens to a batch of a single record
        for (int partition = 0; partition < 6; partition++) {
            var batches = SegmentFiles.batches(SegmentFiles.lastSegment(broker.logDir(), topic, partition));
            String codec = "codec (librdkafka 2.x compresses with lz4 only if the broker's ApiVersions lists"
                    + " FindCoordinator v0, its probe for the LZ4 feature; otherwise it silently sends uncompressed batches)";
            assertThat(batches).as("batches of partition " + partition)
                    .anySatisfy(batch -> assertThat(batch.compressionCodec()).as(codec).isEqualTo(3))
                    .allSatisfy(batch -> assertThat(batch.recordCount() == 1 || batch.compressionCodec() == 3)
                            .as(codec + ": " + batch).isTrue());
        }
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldConsumeEverythingInPerKeyOrderAndCommitWhenSubscribedWithCooperativeStickyAndManualCommits(
            Librdkafka build) {
        // given
        use(build);
        String topic = "user_events_group_" + build.name().toLowerCase();
        Topics.create(broker.bootstrapServers(), topic, 3);
        ProcessResult produced = script("produce", "--topic", topic, "--users", "10", "--events-per-user", "20");

        // when
        ProcessResult consumed = script("group-consume", "--topic", topic, "--group",
                "order_processor_" + build.name().toLowerCase(), "--expect", "200");

        // then
        assertRanWith(build, produced, consumed);
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        List<Delivery> records = fields(consumed, "RECORD").stream()
                .map(f -> new Delivery(f.get(2), f.get(3), Integer.parseInt(f.get(0)), Long.parseLong(f.get(1))))
                .toList();
        assertThat(records).hasSize(200);
        records.stream().collect(Collectors.groupingBy(Delivery::key)).forEach((key, forKey) ->
                assertThat(forKey.stream().map(d -> seqOf(d.value())).toList())
                        .as("sequence of " + key + " in arrival order").isSorted().doesNotHaveDuplicates().hasSize(20));
        long committed = fields(consumed, "COMMITTED").stream().mapToLong(f -> Long.parseLong(f.get(1))).sum();
        assertThat(committed).as(consumed.describe()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldCreateListAndDescribeCompactedTopicWhenUsingAdminClient(Librdkafka build) {
        // given
        use(build);
        String topic = "user_profiles_" + build.name().toLowerCase();

        // when
        ProcessResult result = script("admin", "--topic", topic, "--partitions", "4");

        // then
        assertRanWith(build, result);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(fields(result, "CREATE_FAILED")).as(result.describe()).isEmpty();
        assertThat(fields(result, "CREATED")).containsExactly(List.of(topic));
        assertThat(fields(result, "TOPIC")).contains(List.of(topic, "4"));
        assertThat(fields(result, "PARTITION")).extracting(f -> f.get(1)).containsExactly("0", "1", "2", "3");
        assertThat(fields(result, "PARTITION")).extracting(f -> f.get(2)).doesNotContain("-1");
        Map<String, String> configs = fields(result, "CONFIG").stream()
                .collect(Collectors.toMap(f -> f.get(0), f -> f.size() > 1 ? f.get(1) : ""));
        assertThat(configs)
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("min.cleanable.dirty.ratio", "0.1")
                .containsEntry("segment.ms", "3600000")
                .containsEntry("delete.retention.ms", "86400000")
                .containsKey("retention.ms")
                .containsKey("max.message.bytes");
        assertThat(Topics.list(broker.bootstrapServers())).contains(topic);
    }

    record Delivery(String key, String value, int partition, long offset) {
    }

    private ProcessResult script(String command, String... args) {
        List<String> line = new ArrayList<>(List.of(python.toString(), script.toString(), command,
                "--bootstrap", broker.bootstrapServers()));
        line.addAll(List.of(args));
        return CommandRunner.run(line, SCRIPT_TIMEOUT, null, librdkafka.environment());
    }

    /** Every script run printed {@code LIBRDKAFKA <rd_kafka_version_str()>} of the build it was meant to load. */
    private static void assertRanWith(Librdkafka build, ProcessResult... results) {
        for (ProcessResult result : results) {
            assertThat(fields(result, "LIBRDKAFKA")).as(result.describe()).hasSize(1);
            build.checked(fields(result, "LIBRDKAFKA").get(0).get(0));
        }
    }

    /** The tab-separated fields after the tag of every stdout line starting with {@code tag}. */
    private static List<List<String>> fields(ProcessResult result, String tag) {
        return result.stdout().lines()
                .map(line -> List.of(line.split("\t", -1)))
                .filter(f -> f.get(0).equals(tag))
                .map(f -> f.subList(1, f.size()))
                .toList();
    }

    private static int seqOf(String json) {
        int at = json.indexOf("\"seq\":") + 6;
        int end = at;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(at, end));
    }
}
