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
import io.lanes.conformance.harness.LibrdkafkaVersion;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What librdkafka-based clients (confluent-kafka-python, Go, .NET, JavaScript) do on start-up and through their
 * Admin APIs, with Debian's librdkafka and the current release ({@link Librdkafka}): metadata for all topics and
 * for given topics, DescribeCluster, DescribeConfigs of a topic and of the broker, CreateTopics, CreatePartitions,
 * DeleteTopics, ListOffsets (earliest, latest, max timestamp, by timestamp), DeleteRecords, and consumer groups
 * of both protocols seen through ListGroups/DescribeGroups, ListConsumerGroups and DescribeConsumerGroups.
 *
 * <p>The script {@code confluent_kafka_admin_scenarios.py} observes through python3-confluent-kafka and, where
 * Debian's binding (1.7) has no call, through librdkafka's C Admin API ({@code librdkafka_admin.py}, ctypes): the
 * functions today's bindings wrap. Calls that the loaded librdkafka lacks are reported, and their absence is
 * asserted as a version gate. Metadata by topic id is not covered: librdkafka (2.15) requests metadata and
 * DescribeTopics by topic name only. One broker serves the whole class; names carry the build.
 */
class LibrdkafkaAdminConformanceTest {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path workDir;

    private static TargetBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = TargetBrokers.start(workDir.resolve("broker"));
        for (String resource : List.of("confluent_kafka_admin_scenarios.py", "librdkafka_admin.py")) {
            try (InputStream in = Objects.requireNonNull(
                    LibrdkafkaAdminConformanceTest.class.getResourceAsStream(resource))) {
                Files.copy(in, workDir.resolve(resource));
            }
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
    void shouldDescribeTheSingleBrokerAndEveryTopicWhenAClientStartsWithMetadataAndDescribeCluster(Librdkafka build)
            throws Exception {
        // given
        String topic = name("startup", build);
        Topics.create(broker.bootstrapServers(), topic, 3);
        String clusterId;
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }

        // when
        Run run = script(build, "metadata", "--topic", topic);

        // then
        String brokerPort = broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1);
        assertThat(run.fields("CLUSTER")).as(run.describe()).containsExactly(List.of(clusterId, "1"));
        assertThat(run.fields("BROKER")).containsExactly(List.of("1", "127.0.0.1", brokerPort));
        assertThat(run.fields("TOPIC")).contains(List.of(topic, "3", "-"));
        assertThat(run.fields("GIVEN_TOPIC")).containsExactly(
                List.of(topic, "3", "-"), List.of(topic + "-missing", "0", "UNKNOWN_TOPIC_OR_PART"));
        assertThat(run.fields("GIVEN_PARTITION")).containsExactly(
                List.of(topic, "0", "1", "1", "1"), List.of(topic, "1", "1", "1", "1"), List.of(topic, "2", "1", "1", "1"));
        assertThat(Topics.list(broker.bootstrapServers())).as("metadata of a missing topic does not create it")
                .doesNotContain(topic + "-missing");
        if (run.version().atLeast(LibrdkafkaVersion.DESCRIBE_CLUSTER_AND_LIST_OFFSETS)) {
            assertThat(run.fields("DESCRIBED_CLUSTER")).containsExactly(List.of(clusterId, "1"));
            assertThat(run.fields("DESCRIBED_NODE")).containsExactly(List.of("1", "127.0.0.1", brokerPort));
        } else {
            assertThat(run.fields("UNSUPPORTED")).containsExactly(List.of("DescribeCluster"));
        }
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldReturnTopicOverridesAndBrokerDefaultsWhenDescribingConfigs(Librdkafka build) {
        // given
        String topic = name("configs", build);
        Topics.create(broker.bootstrapServers(), topic, 1, Map.of("retention.ms", "3600000", "cleanup.policy", "compact"));

        // when
        Run run = script(build, "configs", "--topic", topic);

        // then
        assertThat(run.fields("BROKER_ID")).as(run.describe()).containsExactly(List.of("1"));
        Map<String, List<String>> topicConfigs = byName(run.fields("TOPIC_CONFIG"));
        assertThat(topicConfigs)
                .containsEntry("retention.ms", List.of("3600000", "DYNAMIC_TOPIC_CONFIG", "False"))
                .containsEntry("cleanup.policy", List.of("compact", "DYNAMIC_TOPIC_CONFIG", "False"))
                .containsEntry("segment.bytes", List.of("1073741824", "DEFAULT_CONFIG", "True"))
                .containsEntry("max.message.bytes", List.of("1048588", "DEFAULT_CONFIG", "True"));
        Map<String, List<String>> brokerConfigs = byName(run.fields("BROKER_CONFIG"));
        assertThat(brokerConfigs)
                .containsEntry("log.retention.hours", List.of("168", "DEFAULT_CONFIG", "True"))
                .containsEntry("log.segment.bytes", List.of("1073741824", "DEFAULT_CONFIG", "True"))
                .containsKey("auto.create.topics.enable")
                .containsKey("num.partitions");
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldCreateRefuseDuplicateGrowAndDeleteTopicWhenUsingTopicAdminCalls(Librdkafka build) {
        // given
        String topic = name("lifecycle", build);

        // when
        Run run = script(build, "topics", "--topic", topic);

        // then
        assertThat(run.fields("CREATED")).as(run.describe()).containsExactly(List.of(topic));
        assertThat(run.fields("CREATE_FAILED")).containsExactly(List.of(topic, "TOPIC_ALREADY_EXISTS"));
        assertThat(run.fields("PARTITIONS_CREATED")).containsExactly(List.of(topic));
        assertThat(run.fields("LISTED")).containsExactly(List.of(topic, "5"));
        assertThat(run.fields("DELETED")).containsExactly(List.of(topic));
        assertThat(run.fields("GONE")).extracting(f -> f.get(0)).containsExactly(topic);
        assertThat(Topics.list(broker.bootstrapServers())).doesNotContain(topic);
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldFindOffsetsByPositionAndTimestampAndMoveTheLogStartWhenListingOffsetsAndDeletingRecords(
            Librdkafka build) {
        // given
        String topic = name("offsets", build);
        Topics.create(broker.bootstrapServers(), topic, 1);
        long base = 1_700_000_000_000L;

        // when
        Run run = script(build, "offsets", "--topic", topic, "--base-timestamp", Long.toString(base));

        // then
        List<List<String>> produced = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            produced.add(List.of(Integer.toString(i), Long.toString(base + i * 1000L)));
        }
        assertThat(run.fields("PRODUCED")).as(run.describe()).containsExactlyElementsOf(produced);
        assertThat(run.fields("WATERMARKS")).containsExactly(List.of("0", "10"));
        assertThat(run.fields("FOR_TIME")).containsExactly(
                List.of(Long.toString(base - 1), "0"),
                List.of(Long.toString(base + 3500), "4"),
                List.of(Long.toString(base + 9000), "9"),
                List.of(Long.toString(base + 60000), "-1"));
        if (run.version().atLeast(LibrdkafkaVersion.DESCRIBE_CLUSTER_AND_LIST_OFFSETS)) {
            assertThat(run.fields("LIST_OFFSETS")).containsExactly(
                    List.of("earliest", "0", "-1"),
                    List.of("latest", "10", "-1"),
                    List.of("max_timestamp", "9", Long.toString(base + 9000)),
                    List.of(Long.toString(base + 3500), "4", Long.toString(base + 4000)));
        } else {
            assertThat(run.fields("UNSUPPORTED")).containsExactly(List.of("ListOffsets"));
        }
        assertThat(run.fields("DELETED_BEFORE")).containsExactly(List.of("3", "3"));
        assertThat(run.fields("WATERMARKS_AFTER_DELETE")).containsExactly(List.of("3", "10"));
        assertThat(run.fields("FIRST_AFTER_DELETE")).containsExactly(List.of("3"));
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldShowAStableClassicGroupWithItsMemberAndAssignmentWhenListingAndDescribingGroups(Librdkafka build)
            throws Exception {
        // given
        String topic = name("classic-group", build);
        String group = name("classic-group", build);
        Topics.create(broker.bootstrapServers(), topic, 3);
        produce(topic, 3, 4);

        // when
        Run run = script(build, "group", "--topic", topic, "--group", group, "--protocol", "classic",
                "--expect", "12");

        // then
        assertThat(run.fields("RECORD")).as(run.describe()).hasSize(12);
        assertThat(offsetsByPartition(run.fields("COMMITTED"))).isEqualTo(Map.of(0, 4L, 1, 4L, 2, 4L));
        assertThat(run.fields("GROUP")).containsExactly(List.of(group, "Stable", "consumer", "range", "1"));
        assertThat(run.fields("GROUP_MEMBER")).containsExactly(List.of("lanes-classic", "/127.0.0.1"));
        String type = run.version().atLeast(LibrdkafkaVersion.CONSUMER_GROUP_PROTOCOL) ? "Classic" : "None";
        assertThat(run.fields("LISTED_GROUP")).containsExactly(List.of(group, "Stable", type, "False"));
        assertThat(run.fields("DESCRIBED_GROUP")).containsExactly(List.of(group, "Stable", type, "range", "1", "1"));
        assertThat(run.fields("DESCRIBED_MEMBER")).containsExactly(
                List.of("lanes-classic", topic + ":0," + topic + ":1," + topic + ":2"));
        assertThat(run.fields("LISTED_AFTER_CLOSE")).containsExactly(List.of(group, "Empty", type, "False"));
        assertThat(describe(group).type()).isEqualTo(GroupType.CLASSIC);
    }

    @ParameterizedTest
    @EnumSource(Librdkafka.class)
    void shouldConsumeAndDescribeAConsumerProtocolGroupWhenLibrdkafkaSupportsKip848(Librdkafka build)
            throws Exception {
        // given
        String topic = name("kip848-group", build);
        String group = name("kip848-group", build);
        Topics.create(broker.bootstrapServers(), topic, 3);
        produce(topic, 3, 4);

        // when
        Run run = script(build, "group", "--topic", topic, "--group", group, "--protocol", "consumer",
                "--expect", "12");

        // then
        boolean supported = run.version().atLeast(LibrdkafkaVersion.CONSUMER_GROUP_PROTOCOL);
        assertThat(supported).as("group.protocol=consumer is GA from librdkafka 2.12; " + build + " loaded "
                + run.version()).isEqualTo(build == Librdkafka.CURRENT);
        if (!supported) {
            assertThat(run.fields("CONFIG_REJECTED")).as(run.describe())
                    .containsExactly(List.of("No such configuration property: \"group.protocol\""));
            assertThat(run.fields("RECORD")).isEmpty();
            return;
        }
        assertThat(run.fields("CONFIG_REJECTED")).as(run.describe()).isEmpty();
        assertThat(run.fields("RECORD")).hasSize(12);
        assertThat(offsetsByPartition(run.fields("COMMITTED"))).isEqualTo(Map.of(0, 4L, 1, 4L, 2, 4L));
        assertThat(run.fields("LISTED_GROUP")).containsExactly(List.of(group, "Stable", "Consumer", "False"));
        assertThat(run.fields("DESCRIBED_GROUP")).containsExactly(
                List.of(group, "Stable", "Consumer", "uniform", "1", "1"));
        assertThat(run.fields("DESCRIBED_MEMBER")).containsExactly(
                List.of("lanes-consumer", topic + ":0," + topic + ":1," + topic + ":2"));
        assertThat(run.fields("LISTED_AFTER_CLOSE")).containsExactly(List.of(group, "Empty", "Consumer", "False"));
        assertThat(describe(group).type()).isEqualTo(GroupType.CONSUMER);
    }

    /** One script run: its output, and the librdkafka version it printed, checked against the build. */
    private record Run(ProcessResult result, LibrdkafkaVersion version) {

        List<List<String>> fields(String tag) {
            return fieldsOf(result, tag);
        }

        String describe() {
            return result.describe();
        }
    }

    private static Run script(Librdkafka build, String command, String... args) {
        Path python = ExternalTools.pythonWithConfluentKafka();
        build.loadedByPython(python);
        List<String> line = new ArrayList<>(List.of(python.toString(),
                workDir.resolve("confluent_kafka_admin_scenarios.py").toString(), command,
                "--bootstrap", broker.bootstrapServers()));
        line.addAll(List.of(args));
        ProcessResult result = CommandRunner.run(line, SCRIPT_TIMEOUT, null, build.environment());
        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<List<String>> reported = fieldsOf(result, "LIBRDKAFKA");
        assertThat(reported).as(result.describe()).hasSize(1);
        return new Run(result, build.checked(reported.get(0).get(0)));
    }

    private static String name(String base, Librdkafka build) {
        return "rdk-" + base + "-" + build.name().toLowerCase();
    }

    /** {@code perPartition} keyed records into each of {@code partitions} partitions, with the Java producer. */
    private static void produce(String topic, int partitions, int perPartition) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < partitions; partition++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, "key-" + i, "value-" + i)).get();
                }
            }
        }
    }

    private static ConsumerGroupDescription describe(String group) throws Exception {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<Integer, Long> offsetsByPartition(List<List<String>> fields) {
        return fields.stream().collect(Collectors.toMap(f -> Integer.parseInt(f.get(0)), f -> Long.parseLong(f.get(1))));
    }

    private static Map<String, List<String>> byName(List<List<String>> fields) {
        return fields.stream().collect(Collectors.toMap(f -> f.get(0), f -> f.subList(1, f.size())));
    }

    /** The tab-separated fields after the tag of every stdout line starting with {@code tag}. */
    private static List<List<String>> fieldsOf(ProcessResult result, String tag) {
        return result.stdout().lines()
                .map(line -> List.of(line.split("\t", -1)))
                .filter(f -> f.get(0).equals(tag))
                .map(f -> f.subList(1, f.size()))
                .toList();
    }
}
