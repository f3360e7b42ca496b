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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import io.lanes.conformance.harness.ExternalTools;
import io.lanes.conformance.harness.Librdkafka;
import io.lanes.conformance.harness.LibrdkafkaVersion;
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
 * librdkafka through {@code kcat} (Debian package): metadata, keyed produce, consume from the
 * beginning without a consumer group and as a group member (committing), lz4. A missing kcat fails under CI=true.
 * Every scenario runs with Debian's librdkafka and with the current release ({@link Librdkafka}), against one
 * broker per class; topic and group names carry the build's name.
 */
class KcatConformanceTest {

    private static final Duration KCAT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private Path kcat;
    private Librdkafka librdkafka;

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

    /** Finds kcat and checks which librdkafka it loads with {@code build}'s environment. */
    private LibrdkafkaVersion use(Librdkafka build) {
        kcat = ExternalTools.kcat();
        librdkafka = build;
        return build.loadedByKcat(kcat);
    }

    private static String name(String base, Librdkafka build) {
        return base + "-" + build.name().toLowerCase();
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldListBrokerAndEveryPartitionWhenKcatRequestsMetadata(Librdkafka build) {
        // given
        LibrdkafkaVersion version = use(build);
        String topic = name("kcat-metadata", build);
        Topics.create(broker.bootstrapServers(), topic, 3);

        // when
        ProcessResult result = kcat("-L", "-t", topic);

        // then
        assertThat(version).as("librdkafka of " + build).isEqualTo(build.loadedByKcat(kcat));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        Matcher brokerLine = Pattern.compile("broker (\\d+) at (\\S+)").matcher(result.stdout());
        assertThat(brokerLine.find()).as(result.describe()).isTrue();
        String brokerId = brokerLine.group(1);
        assertThat(brokerLine.group(2)).isEqualTo(broker.bootstrapServers());
        assertThat(result.stdout()).contains("topic \"" + topic + "\" with 3 partitions");
        for (int partition = 0; partition < 3; partition++) {
            assertThat(result.stdout()).as(result.describe())
                    .containsPattern("partition " + partition + ", leader " + brokerId
                            + ", replicas: " + brokerId + ", isrs: " + brokerId);
        }
        assertThat(result.stdout()).doesNotContain("err:");
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldListAllTopicsWhenKcatRequestsMetadataWithoutTopic(Librdkafka build) {
        // given
        LibrdkafkaVersion version = use(build);
        Topics.create(broker.bootstrapServers(), name("kcat-listed-a", build), 1);
        Topics.create(broker.bootstrapServers(), name("kcat-listed-b", build), 2);

        // when
        ProcessResult result = kcat("-L");

        // then
        assertThat(version).as("librdkafka of " + build).isEqualTo(build.loadedByKcat(kcat));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout())
                .contains("topic \"" + name("kcat-listed-a", build) + "\" with 1 partitions")
                .contains("topic \"" + name("kcat-listed-b", build) + "\" with 2 partitions");
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldReturnKeysPartitionsAndOffsetsWhenKcatConsumesKeyedMessagesItProduced(Librdkafka build) {
        // given
        LibrdkafkaVersion version = use(build);
        String topic = name("kcat-keyed", build);
        Topics.create(broker.bootstrapServers(), topic, 3);
        List<String[]> sent = keyedMessages(8, 10, "");

        // when
        ProcessResult produced = kcatWithInput(lines(sent), "-P", "-t", topic, "-K:", "-X", "acks=all");
        ProcessResult consumed = kcat("-C", "-t", topic, "-o", "beginning", "-e", "-f", "%p|%o|%k|%s\\n");

        // then
        assertThat(version).as("librdkafka of " + build).isEqualTo(build.loadedByKcat(kcat));
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        List<Consumed> records = parse(consumed.stdout());
        assertThat(records).hasSize(sent.size());
        assertThat(records).extracting(r -> r.key() + ":" + r.value())
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(s -> s[0] + ":" + s[1]).toList());
        assertEveryKeyInOnePartitionInSendOrder(records, sent);
        assertOffsetsDenseFromZero(records);
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldStoreLz4BatchesAndReturnRecordsIntactWhenKcatProducesWithLz4(Librdkafka build) {
        // given
        LibrdkafkaVersion version = use(build);
        String topic = name("kcat-lz4", build);
        Topics.create(broker.bootstrapServers(), topic, 1);
        List<String[]> sent = keyedMessages(5, 40, "-" + "compressible".repeat(30));

        // when
        ProcessResult produced = kcatWithInput(lines(sent),
                "-P", "-t", topic, "-K:", "-z", "lz4", "-X", "linger.ms=50");
        ProcessResult consumed = kcat("-C", "-t", topic, "-o", "beginning", "-e", "-f", "%p|%o|%k|%s\\n");

        // then
        assertThat(version).as("librdkafka of " + build).isEqualTo(build.loadedByKcat(kcat));
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

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldConsumeEveryRecordAndCommitTheEndWhenKcatConsumesAsAGroupMember(Librdkafka build) throws Exception {
        // given
        LibrdkafkaVersion version = use(build);
        String topic = name("kcat-group", build);
        String group = name("kcat-group-1", build);
        Topics.create(broker.bootstrapServers(), topic, 3);
        List<String[]> sent = keyedMessages(6, 10, "");
        ProcessResult produced = kcatWithInput(lines(sent), "-P", "-t", topic, "-K:", "-X", "acks=all");

        // when: a balanced consumer (JoinGroup/SyncGroup/Heartbeat, auto commit on close)
        ProcessResult consumed = kcat("-G", group, topic, "-o", "beginning", "-e",
                "-f", "%p|%o|%k|%s\\n");

        // then
        assertThat(version).as("librdkafka of " + build).isEqualTo(build.loadedByKcat(kcat));
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        List<Consumed> records = parse(consumed.stdout());
        assertThat(records).hasSize(sent.size());
        assertEveryKeyInOnePartitionInSendOrder(records, sent);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .as("committed offsets of " + group + ": " + committed).isEqualTo(sent.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldFindTheFirstOffsetAtOrAfterATimestampWhenKcatQueriesOffsets(Librdkafka build) throws Exception {
        // given
        LibrdkafkaVersion version = use(build);
        String topic = name("kcat-times", build);
        Topics.create(broker.bootstrapServers(), topic, 1);
        long base = 1_700_000_000_000L;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, base + i * 1000L, "k", "v" + i)).get();
            }
        }

        // when: one query per run, since librdkafka answers a partition listed twice with one result
        Map<String, String> offsets = new LinkedHashMap<>();
        for (long timestamp : new long[] {-2, -1, base - 1, base + 1500, base + 2000, base + 5000}) {
            ProcessResult result = kcat("-Q", "-t", topic + ":0:" + timestamp);
            assertThat(result.exitCode()).as(result.describe()).isZero();
            Matcher offset = Pattern.compile(Pattern.quote(topic) + " \\[0\\] offset (-?\\d+)").matcher(result.stdout());
            assertThat(offset.find()).as(result.describe()).isTrue();
            offsets.put(Long.toString(timestamp), offset.group(1));
        }

        // then
        assertThat(version).as("librdkafka of " + build).isEqualTo(build.loadedByKcat(kcat));
        assertThat(offsets).containsExactly(
                Map.entry("-2", "0"), Map.entry("-1", "3"),
                Map.entry(Long.toString(base - 1), "0"), Map.entry(Long.toString(base + 1500), "2"),
                Map.entry(Long.toString(base + 2000), "2"), Map.entry(Long.toString(base + 5000), "-1"));
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldConsumeEveryRecordAndCommitWhenKcatJoinsWithTheConsumerGroupProtocolWhereSupported(Librdkafka build)
            throws Exception {
        // given
        LibrdkafkaVersion version = use(build);
        String topic = name("kcat-kip848", build);
        String group = name("kcat-kip848", build);
        Topics.create(broker.bootstrapServers(), topic, 3);
        List<String[]> sent = keyedMessages(6, 5, "");
        ProcessResult produced = kcatWithInput(lines(sent), "-P", "-t", topic, "-K:", "-X", "acks=all");

        // when
        ProcessResult consumed = kcat("-G", group, topic, "-X", "group.protocol=consumer", "-o", "beginning", "-e",
                "-f", "%p|%o|%k|%s\\n");

        // then
        assertThat(version).as("librdkafka of " + build).isEqualTo(build.loadedByKcat(kcat));
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        boolean supported = version.atLeast(LibrdkafkaVersion.CONSUMER_GROUP_PROTOCOL);
        assertThat(supported).as("group.protocol=consumer is GA from librdkafka 2.12; " + build + " loaded " + version)
                .isEqualTo(build == Librdkafka.CURRENT);
        if (!supported) {
            assertThat(consumed.exitCode()).as(consumed.describe()).isNotZero();
            assertThat(consumed.stderr()).contains("No such configuration property: \"group.protocol\"");
            return;
        }
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        List<Consumed> records = parse(consumed.stdout());
        assertThat(records).hasSize(sent.size());
        assertEveryKeyInOnePartitionInSendOrder(records, sent);
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .as("committed offsets of " + group + ": " + committed).isEqualTo(sent.size());
            assertThat(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().type())
                    .isEqualTo(GroupType.CONSUMER);
        }
    }

    private ProcessResult kcat(String... args) {
        return kcatWithInput(null, args);
    }

    private ProcessResult kcatWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(kcat.toString(), "-b", broker.bootstrapServers()));
        command.addAll(List.of(args));
        return CommandRunner.run(command, KCAT_TIMEOUT, stdin, librdkafka.environment());
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
