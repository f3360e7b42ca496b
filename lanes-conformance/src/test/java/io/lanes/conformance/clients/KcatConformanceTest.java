package io.lanes.conformance.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lanes.conformance.harness.CommandRunner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import io.lanes.conformance.harness.ExternalTools;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.SegmentFiles;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import io.lanes.conformance.harness.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * librdkafka through {@code kcat} (Debian package): metadata, keyed produce, consume from the
 * beginning without a consumer group and as a group member (committing), lz4. A missing kcat fails under CI=true.
 */
class KcatConformanceTest {

    private static final Duration KCAT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private Path kcat;

    @BeforeAll
    static void startBroker() {
        broker = TargetBrokers.start(workDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void findKcat() {
        kcat = ExternalTools.kcat();
    }

    @Test
    void shouldListBrokerAndEveryPartitionWhenKcatRequestsMetadata() {
        // given
        Topics.create(broker.bootstrapServers(), "kcat-metadata", 3);

        // when
        ProcessResult result = kcat("-L", "-t", "kcat-metadata");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        Matcher brokerLine = Pattern.compile("broker (\\d+) at (\\S+)").matcher(result.stdout());
        assertThat(brokerLine.find()).as(result.describe()).isTrue();
        String brokerId = brokerLine.group(1);
        assertThat(brokerLine.group(2)).isEqualTo(broker.bootstrapServers());
        assertThat(result.stdout()).contains("topic \"kcat-metadata\" with 3 partitions");
        for (int partition = 0; partition < 3; partition++) {
            assertThat(result.stdout()).as(result.describe())
                    .containsPattern("partition " + partition + ", leader " + brokerId
                            + ", replicas: " + brokerId + ", isrs: " + brokerId);
        }
        assertThat(result.stdout()).doesNotContain("err:");
    }

    @Test
    void shouldListAllTopicsWhenKcatRequestsMetadataWithoutTopic() {
        // given
        Topics.create(broker.bootstrapServers(), "kcat-listed-a", 1);
        Topics.create(broker.bootstrapServers(), "kcat-listed-b", 2);

        // when
        ProcessResult result = kcat("-L");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout())
                .contains("topic \"kcat-listed-a\" with 1 partitions")
                .contains("topic \"kcat-listed-b\" with 2 partitions");
    }

    @Test
    void shouldReturnKeysPartitionsAndOffsetsWhenKcatConsumesKeyedMessagesItProduced() {
        // given
        String topic = "kcat-keyed";
        Topics.create(broker.bootstrapServers(), topic, 3);
        List<String[]> sent = keyedMessages(8, 10, "");

        // when
        ProcessResult produced = kcatWithInput(lines(sent), "-P", "-t", topic, "-K:", "-X", "acks=all");
        ProcessResult consumed = kcat("-C", "-t", topic, "-o", "beginning", "-e", "-f", "%p|%o|%k|%s\\n");

        // then
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        List<Consumed> records = parse(consumed.stdout());
        assertThat(records).hasSize(sent.size());
        assertThat(records).extracting(r -> r.key() + ":" + r.value())
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(s -> s[0] + ":" + s[1]).toList());
        assertEveryKeyInOnePartitionInSendOrder(records, sent);
        assertOffsetsDenseFromZero(records);
    }

    @Test
    void shouldStoreLz4BatchesAndReturnRecordsIntactWhenKcatProducesWithLz4() {
        // given
        String topic = "kcat-lz4";
        Topics.create(broker.bootstrapServers(), topic, 1);
        List<String[]> sent = keyedMessages(5, 40, "-" + "compressible".repeat(30));

        // when
        ProcessResult produced = kcatWithInput(lines(sent),
                "-P", "-t", topic, "-K:", "-z", "lz4", "-X", "linger.ms=50");
        ProcessResult consumed = kcat("-C", "-t", topic, "-o", "beginning", "-e", "-f", "%p|%o|%k|%s\\n");

        // then
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        List<Consumed> records = parse(consumed.stdout());
        assertThat(records).extracting(r -> r.key() + ":" + r.value())
                .containsExactlyElementsOf(sent.stream().map(s -> s[0] + ":" + s[1]).toList());
        assertOffsetsDenseFromZero(records);
        List<SegmentFiles.Batch> batches =
                SegmentFiles.batches(SegmentFiles.lastSegment(broker.logDir(), topic, 0));
        assertThat(batches).as("batches in the segment").isNotEmpty();
        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch.magic()).isEqualTo((byte) 2);
            assertThat(batch.compressionCodec()).as("codec of batch at " + batch.baseOffset()
                            + " (librdkafka 2.x compresses with lz4 only if the broker's ApiVersions lists FindCoordinator v0,"
                            + " its probe for the LZ4 feature; otherwise it silently sends uncompressed batches)").isEqualTo(3);
        });
        assertThat(batches.stream().mapToInt(SegmentFiles.Batch::recordCount).sum()).isEqualTo(sent.size());
    }

    @Test
    void shouldConsumeEveryRecordAndCommitTheEndWhenKcatConsumesAsAGroupMember() throws Exception {
        // given
        String topic = "kcat-group";
        Topics.create(broker.bootstrapServers(), topic, 3);
        List<String[]> sent = keyedMessages(6, 10, "");
        ProcessResult produced = kcatWithInput(lines(sent), "-P", "-t", topic, "-K:", "-X", "acks=all");

        // when: a balanced consumer (JoinGroup/SyncGroup/Heartbeat, auto commit on close)
        ProcessResult consumed = kcat("-G", "kcat-group-1", topic, "-o", "beginning", "-e",
                "-f", "%p|%o|%k|%s\\n");

        // then
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        List<Consumed> records = parse(consumed.stdout());
        assertThat(records).hasSize(sent.size());
        assertEveryKeyInOnePartitionInSendOrder(records, sent);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("kcat-group-1").partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .as("committed offsets of kcat-group-1: " + committed).isEqualTo(sent.size());
        }
    }

    private ProcessResult kcat(String... args) {
        return kcatWithInput(null, args);
    }

    private ProcessResult kcatWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(kcat.toString(), "-b", broker.bootstrapServers()));
        command.addAll(List.of(args));
        return CommandRunner.run(command, KCAT_TIMEOUT, stdin);
    }

    /** Messages {key, value}, interleaving keys so each key's messages are spread over the input. */
    private static List<String[]> keyedMessages(int keys, int perKey, String padding) {
        List<String[]> messages = new ArrayList<>();
        for (int seq = 0; seq < perKey; seq++) {
            for (int key = 0; key < keys; key++) {
                messages.add(new String[] {"user-" + key, "event-" + seq + padding});
            }
        }
        return messages;
    }

    private static String lines(List<String[]> messages) {
        return messages.stream().map(m -> m[0] + ":" + m[1]).collect(Collectors.joining("\n", "", "\n"));
    }

    record Consumed(int partition, long offset, String key, String value) {
    }

    private static List<Consumed> parse(String stdout) {
        return stdout.lines().filter(line -> !line.isBlank()).map(line -> {
            String[] f = line.split("\\|", 4);
            return new Consumed(Integer.parseInt(f[0]), Long.parseLong(f[1]), f[2], f[3]);
        }).toList();
    }

    private static void assertEveryKeyInOnePartitionInSendOrder(List<Consumed> records, List<String[]> sent) {
        Map<String, List<Consumed>> byKey = records.stream()
                .collect(Collectors.groupingBy(Consumed::key, LinkedHashMap::new, Collectors.toList()));
        byKey.forEach((key, forKey) -> {
            assertThat(forKey).extracting(Consumed::partition).as("partitions of " + key).containsOnly(forKey.get(0).partition());
            List<String> stored = forKey.stream()
                    .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
                    .map(Consumed::value).toList();
            List<String> sentOrder = sent.stream().filter(s -> s[0].equals(key)).map(s -> s[1]).toList();
            assertThat(stored).as("order of " + key).containsExactlyElementsOf(sentOrder);
        });
    }

    private static void assertOffsetsDenseFromZero(List<Consumed> records) {
        Map<Integer, List<Long>> offsets = records.stream().collect(Collectors.groupingBy(Consumed::partition,
                Collectors.mapping(Consumed::offset, Collectors.toList())));
        offsets.forEach((partition, list) -> assertThat(list).as("offsets of partition " + partition)
                .containsExactlyElementsOf(IntStream.range(0, list.size()).mapToObj(i -> (long) i).toList()));
    }
}
