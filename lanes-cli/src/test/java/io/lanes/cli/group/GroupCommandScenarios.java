package io.lanes.cli.group;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanes group ...} against a real broker (supplied by the subclass: embedded Lanes or a
 * 3-node Apache Kafka cluster), compared with what {@code kafka-consumer-groups.sh} reports and
 * plans for the same state. The topic has three partitions holding 10, 7 and 4 records, each
 * partition's older records an hour old and its newer ones ten minutes old.
 */
abstract class GroupCommandScenarios {
    private static final int[] OLD = {6, 4, 2};
    private static final int[] NEW = {4, 3, 2};
    private static final Instant HOUR_AGO = Instant.now().minus(Duration.ofHours(1));
    private static final Instant TEN_MINUTES_AGO = Instant.now().minus(Duration.ofMinutes(10));

    protected abstract String bootstrapServers();

    private Admin admin;
    private String topic;
    private String group;
    private final List<KafkaConsumer<String, String>> members = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        // Kafka's tools call Exit on bad input; never let that end the test JVM
        Exit.setExitProcedure((code, message) -> {
            throw new AssertionError("Kafka's tool exited with " + code + ": " + message);
        });
        admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
        topic = "orders-" + UUID.randomUUID();
        group = "group-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty()))).all().get();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < OLD[p]; i++) {
                    producer.send(new ProducerRecord<>(topic, p, HOUR_AGO.toEpochMilli(), "k" + i, "old-" + i));
                }
                for (int i = 0; i < NEW[p]; i++) {
                    producer.send(new ProducerRecord<>(topic, p, TEN_MINUTES_AGO.toEpochMilli(), "k" + i, "new-" + i));
                }
            }
            producer.flush();
        }
    }

    @AfterEach
    void tearDown() {
        members.forEach(KafkaConsumer::close);
        admin.close();
        Exit.resetExitProcedure();
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void shouldReportWhatKafkaConsumerGroupsReportsWhenDescribingAnActiveGroup(String protocol) throws Exception {
        // given: one member owning all three partitions, offsets committed on two of them
        KafkaConsumer<String, String> member = activeMember(protocol);
        member.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3),
                new TopicPartition(topic, 1), new OffsetAndMetadata(5)));

        // when
        Cli.Result ours = Cli.lanes(bootstrapServers(), "group", "describe", group).succeeded();
        String kafkaOffsets = kafkaConsumerGroups("--describe", "--group", group);
        String kafkaState = kafkaConsumerGroups("--describe", "--group", group, "--state");

        // then: per partition the same committed offset, log end, lag and owner
        Map<String, List<String>> rows = ourPartitionRows(ours.out());
        assertThat(rows).isEqualTo(kafkaPartitionRows(kafkaOffsets));
        assertThat(rows.get(topic + "-0")).startsWith("3", "10", "7");
        assertThat(rows.get(topic + "-2")).startsWith("-", "4", "-");
        // and the same state, assignor and member count as --describe --state
        String[] state = kafkaStateRow(kafkaState);
        Map<String, String> summary = pairs(ours.out());
        assertThat(summary).containsEntry("State", state[state.length - 2])
                .containsEntry("Assignor", state[state.length - 3])
                .containsEntry("Members", state[state.length - 1])
                .containsEntry("Protocol", protocol)
                .containsEntry("Total lag", "9");
        assertThat(ours.out()).contains(topic + "-0," + topic + "-1," + topic + "-2");
    }

    @Test
    void shouldListTheGroupWithTypeAndState() throws Exception {
        // given
        activeMember("classic");

        // when
        Cli.Result listed = Cli.lanes(bootstrapServers(), "group", "list").succeeded();

        // then
        assertThat(listed.outLines()).anySatisfy(line ->
                assertThat(line.split("\\s+")).containsExactly(group, "classic", "Stable"));
    }

    @Test
    void shouldPlanWhatKafkaConsumerGroupsPlansWhenResetting() throws Exception {
        // given: an inactive group; partition 0 starts at 2 after deleting its first records
        admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(2))).all().get();
        commit(Map.of(0, 5L, 1, 6L, 2, 1L));
        String between = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now().minus(Duration.ofMinutes(30)));
        List<List<String>> specs = List.of(List.of("--to-earliest"), List.of("--to-latest"),
                List.of("--to-offset", "1"), List.of("--to-offset", "3"), List.of("--to-offset", "100"),
                List.of("--shift-by", "-4"), List.of("--shift-by", "3"), List.of("--to-datetime", between));

        for (List<String> spec : specs) {
            // when
            List<String> ourArgs = new ArrayList<>(List.of("group", "reset-offsets", group, "--topic", topic));
            ourArgs.addAll(spec);
            Cli.Result ours = Cli.lanes(bootstrapServers(), ourArgs.toArray(String[]::new)).succeeded();
            List<String> kafkaArgs = new ArrayList<>(List.of("--reset-offsets", "--group", group, "--topic", topic,
                    "--dry-run"));
            kafkaArgs.addAll(spec);
            String kafkas = kafkaConsumerGroups(kafkaArgs.toArray(String[]::new));

            // then
            assertThat(ourPlan(ours.out())).as("plan for %s", spec).isEqualTo(kafkaPlan(kafkas)).hasSize(3);
        }
        assertThat(ourPlan(Cli.lanes(bootstrapServers(), "group", "reset-offsets", group, "--topic", topic,
                "--to-datetime", between).out())).containsEntry(0, 6L).containsEntry(1, 4L).containsEntry(2, 2L);
        assertThat(committed()).isEqualTo(Map.of(0, 5L, 1, 6L, 2, 1L));
    }

    @Test
    void shouldCommitThePlanOnlyWhenExecutedAndOnlyOnTheNamedPartitions() throws Exception {
        // given
        commit(Map.of(0, 5L, 1, 6L, 2, 1L));

        // when
        Cli.Result dryRun = Cli.lanes(bootstrapServers(), "group", "reset-offsets", group,
                "--topic", topic + ":0,2", "--to-earliest");
        Map<Integer, Long> afterDryRun = committed();
        Cli.Result executed = Cli.lanes(bootstrapServers(), "group", "reset-offsets", group,
                "--topic", topic + ":0,2", "--to-earliest", "--execute");

        // then
        dryRun.succeeded();
        assertThat(dryRun.out()).contains("Dry run: nothing changed");
        assertThat(ourPlan(dryRun.out())).isEqualTo(Map.of(0, 0L, 2, 0L));
        assertThat(afterDryRun).isEqualTo(Map.of(0, 5L, 1, 6L, 2, 1L));
        executed.succeeded();
        assertThat(committed()).isEqualTo(Map.of(0, 0L, 1, 6L, 2, 0L));
        assertThat(kafkaPartitionRows(kafkaConsumerGroups("--describe", "--group", group)))
                .isEqualTo(ourPartitionRows(Cli.lanes(bootstrapServers(), "group", "describe", group).out()));
    }

    @Test
    void shouldRefuseToResetWhenTheGroupHasActiveMembers() throws Exception {
        // given
        KafkaConsumer<String, String> member = activeMember("classic");
        member.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4)));

        // when
        Cli.Result refused = Cli.lanes(bootstrapServers(), "group", "reset-offsets", group, "--topic", topic,
                "--to-earliest", "--execute");

        // then
        refused.failedWithOneLine("has 1 active member(s)");
        assertThat(refused.out()).isEmpty();
        assertThat(committed()).isEqualTo(Map.of(0, 4L));
    }

    @Test
    void shouldDeleteAnInactiveGroupAndRefuseAnActiveOne() throws Exception {
        // given
        String active = group;
        activeMember("classic");
        group = "group-" + UUID.randomUUID();
        commit(Map.of(0, 2L));
        String inactive = group;

        // when
        Cli.Result refused = Cli.lanes(bootstrapServers(), "group", "delete", active);
        Cli.Result deleted = Cli.lanes(bootstrapServers(), "group", "delete", inactive);

        // then
        refused.failedWithOneLine("active members");
        deleted.succeeded();
        assertThat(admin.listGroups().all().get()).extracting(g -> g.groupId())
                .contains(active).doesNotContain(inactive);
    }

    @Test
    void shouldFailWithOneLineAndChangeNothingWhenTheGroupIsUnknown() throws Exception {
        // given
        String unknown = "missing-" + UUID.randomUUID();

        // when / then
        Cli.lanes(bootstrapServers(), "group", "describe", unknown).failedWithOneLine("'" + unknown + "' does not exist");
        Cli.lanes(bootstrapServers(), "group", "delete", unknown).failedWithOneLine("does not exist");
        Cli.lanes(bootstrapServers(), "group", "reset-offsets", unknown, "--topic", topic, "--to-earliest", "--execute")
                .failedWithOneLine("does not exist");
        assertThat(admin.listGroups().all().get()).extracting(g -> g.groupId()).doesNotContain(unknown);
    }

    @Test
    void shouldFailWithOneLineAndChangeNothingWhenResetInputIsBad() throws Exception {
        // given
        commit(Map.of(0, 5L));
        String[] reset = {"group", "reset-offsets", group, "--execute"};

        // when / then
        Cli.lanes(bootstrapServers(), concat(reset, "--topic", topic, "--to-datetime", "yesterday"))
                .failedWithOneLine("'yesterday' is not an ISO-8601 date-time");
        Cli.lanes(bootstrapServers(), concat(reset, "--topic", topic, "--to-offset", "ten"))
                .failedWithOneLine("invalid --to-offset 'ten'");
        Cli.lanes(bootstrapServers(), concat(reset, "--topic", topic, "--to-offset", "-1"))
                .failedWithOneLine("invalid --to-offset '-1'");
        Cli.lanes(bootstrapServers(), concat(reset, "--topic", topic, "--shift-by", "1.5"))
                .failedWithOneLine("invalid --shift-by '1.5'");
        Cli.lanes(bootstrapServers(), concat(reset, "--topic", topic + ":x", "--to-earliest"))
                .failedWithOneLine("invalid partition 'x'");
        Cli.lanes(bootstrapServers(), concat(reset, "--topic", topic + ":7", "--to-earliest"))
                .failedWithOneLine("partition 7 of topic");
        Cli.lanes(bootstrapServers(), concat(reset, "--topic", "missing-" + UUID.randomUUID(), "--to-earliest"))
                .failedWithOneLine("does not exist");
        // a shift needs a committed offset on every partition named: partition 1 has none
        Cli.lanes(bootstrapServers(), concat(reset, "--topic", topic, "--shift-by", "-1"))
                .failedWithOneLine("no committed offset");
        assertThat(committed()).isEqualTo(Map.of(0, 5L));
    }

    private KafkaConsumer<String, String> activeMember(String protocol) throws InterruptedException {
        KafkaConsumer<String, String> member = subscribed(group, protocol);
        members.add(member);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (member.assignment().size() < 3) {
            member.poll(Duration.ofMillis(100));
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the member never got all three partitions: " + member.assignment());
            }
        }
        return member;
    }

    private KafkaConsumer<String, String> subscribed(String groupId, String protocol) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        config.put("group.id", groupId);
        config.put("group.protocol", protocol);
        config.put("client.id", "member-of-" + groupId);
        config.put("enable.auto.commit", "false");
        // fetch nothing: the test commits the offsets it wants, positions do not matter
        config.put("auto.offset.reset", "latest");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private void commit(Map<Integer, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((p, o) -> commits.put(new TopicPartition(topic, p), new OffsetAndMetadata(o)));
        admin.alterConsumerGroupOffsets(group, commits).all().get();
    }

    private Map<Integer, Long> committed() throws Exception {
        Map<Integer, Long> committed = new TreeMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
            if (o != null) {
                committed.put(tp.partition(), o.offset());
            }
        });
        return committed;
    }

    private String kafkaConsumerGroups(String... args) throws Exception {
        String[] all = concat(new String[]{"--bootstrap-server", bootstrapServers()}, args);
        return Cli.capturingStdout(() -> {
            ConsumerGroupCommand.main(all);
            return null;
        });
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /** Our partition table: topic-partition to [current, log end, lag, consumer id]. */
    private static Map<String, List<String>> ourPartitionRows(String out) {
        Map<String, List<String>> rows = new TreeMap<>();
        boolean inTable = false;
        for (String line : out.lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells[0].equals("TOPIC") && cells.length > 1 && cells[1].equals("PARTITION")) {
                inTable = true;
            } else if (inTable && cells.length == 8) {
                rows.put(cells[0] + "-" + cells[1], List.of(cells[2], cells[3], cells[4], cells[5]));
            }
        }
        return rows;
    }

    /** kafka-consumer-groups.sh --describe: GROUP TOPIC PARTITION CURRENT LOG-END LAG CONSUMER-ID HOST CLIENT-ID. */
    private Map<String, List<String>> kafkaPartitionRows(String out) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (String line : out.lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length == 9 && cells[0].equals(group)) {
                rows.put(cells[1] + "-" + cells[2], List.of(cells[3], cells[4], cells[5], cells[6]));
            }
        }
        assertThat(rows).as("rows of %s", out).isNotEmpty();
        return rows;
    }

    private String[] kafkaStateRow(String out) {
        return out.lines().map(String::trim).filter(l -> l.startsWith(group + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no state row in " + out)).split("\\s+");
    }

    private static Map<String, String> pairs(String out) {
        Map<String, String> pairs = new HashMap<>();
        for (String line : out.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith(" ")) {
                pairs.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return pairs;
    }

    /** Our plan table: GROUP TOPIC PARTITION CURRENT-OFFSET NEW-OFFSET, to partition -> new offset. */
    private Map<Integer, Long> ourPlan(String out) {
        Map<Integer, Long> plan = new TreeMap<>();
        for (String line : out.lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length == 5 && cells[0].equals(group)) {
                plan.put(Integer.parseInt(cells[2]), Long.parseLong(cells[4]));
            }
        }
        return plan;
    }

    /** kafka-consumer-groups.sh --reset-offsets: GROUP TOPIC PARTITION NEW-OFFSET. */
    private Map<Integer, Long> kafkaPlan(String out) {
        Map<Integer, Long> plan = new TreeMap<>();
        for (String line : out.lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length == 4 && cells[0].equals(group)) {
                plan.put(Integer.parseInt(cells[2]), Long.parseLong(cells[3]));
            }
        }
        return plan;
    }
}
