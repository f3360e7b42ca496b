package io.lanes.cli.topic;

import io.lanes.cli.group.Cli;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanes topic ...} against a real broker (supplied by the subclass: embedded Lanes or a
 * 3-node Apache Kafka cluster), compared with what {@code kafka-topics.sh --describe} reports.
 */
abstract class TopicCommandScenarios {
    private static final Pattern KAFKA_PARTITION =
            Pattern.compile("Partition: (\\d+)\\s+Leader: (\\S+)\\s+Replicas: (\\S*)\\s+Isr: (\\S*)");
    private static final Pattern KAFKA_CONFIGS = Pattern.compile("Configs: ?(.*)$", Pattern.MULTILINE);

    protected abstract String bootstrapServers();

    private Admin admin;
    private String topic;

    @BeforeEach
    void connect() {
        admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
        topic = "topic-" + UUID.randomUUID();
    }

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void shouldShowWhatKafkaTopicsShowsWhenDescribing() throws Exception {
        // given
        Cli.lanes(bootstrapServers(), "topic", "create", topic, "--partitions", "3",
                "--config", "cleanup.policy=compact", "--config", "retention.ms=3600000").succeeded();

        // when
        Cli.Result ours = Cli.lanes(bootstrapServers(), "topic", "describe", topic).succeeded();
        // kafka-topics.sh itself (its service classes are package-private since 4.2); Exit is trapped so the
        // tool's exit code is kept instead of ending this JVM.
        int[] exitCode = {-1};
        String kafkas;
        Exit.setExitProcedure((code, message) -> exitCode[0] = code);
        try {
            kafkas = Cli.capturingStdout(() -> {
                TopicCommand.main("--bootstrap-server", bootstrapServers(), "--describe", "--topic", topic);
                return null;
            });
        } finally {
            Exit.resetExitProcedure();
        }
        assertThat(exitCode[0]).isZero();

        // then
        assertThat(ourPartitions(ours.out())).isEqualTo(kafkaPartitions(kafkas)).hasSize(3);
        assertThat(ourConfigs(ours.out())).isEqualTo(kafkaConfigs(kafkas))
                .containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "3600000");
    }

    @Test
    void shouldLeaveReplicationToTheClusterWhenCreatedWithoutFactor() throws Exception {
        // given
        Cli.lanes(bootstrapServers(), "topic", "create", topic, "--partitions", "2").succeeded();

        // when
        Cli.Result list = Cli.lanes(bootstrapServers(), "topic", "list").succeeded();

        // then
        int expected = admin.describeCluster().nodes().get().size() >= 3 ? 3 : 1;
        assertThat(list.outLines()).anySatisfy(line ->
                assertThat(line.split("\\s+")).startsWith(topic, "2", Integer.toString(expected)));
    }

    @Test
    void shouldSetAndRevertConfigsWhenAlteringThem() throws Exception {
        // given
        Cli.lanes(bootstrapServers(), "topic", "create", topic, "--config", "retention.ms=3600000").succeeded();

        // when
        Cli.Result altered = Cli.lanes(bootstrapServers(), "topic", "alter-config", topic,
                "--set", "cleanup.policy=compact", "--set", "max.message.bytes=2000000",
                "--delete", "retention.ms");

        // then
        altered.succeeded();
        assertThat(topicConfigs()).containsEntry("cleanup.policy", "compact")
                .containsEntry("max.message.bytes", "2000000").doesNotContainKey("retention.ms");
    }

    @Test
    void shouldChangeNothingWhenOneConfigOfTheChangeIsInvalid() throws Exception {
        // given
        Cli.lanes(bootstrapServers(), "topic", "create", topic, "--config", "retention.ms=3600000").succeeded();

        // when
        Cli.Result altered = Cli.lanes(bootstrapServers(), "topic", "alter-config", topic,
                "--set", "cleanup.policy=compact", "--set", "retention.ms=soon");

        // then
        altered.failedWithOneLine("retention.ms");
        assertThat(topicConfigs()).containsEntry("retention.ms", "3600000").doesNotContainKey("cleanup.policy");
    }

    @Test
    void shouldGrowTheTopicWhenAddingPartitionsAndRefuseToShrinkIt() throws Exception {
        // given
        Cli.lanes(bootstrapServers(), "topic", "create", topic, "--partitions", "2").succeeded();

        // when
        Cli.Result grown = Cli.lanes(bootstrapServers(), "topic", "add-partitions", topic, "--total", "5");
        Cli.Result shrunk = Cli.lanes(bootstrapServers(), "topic", "add-partitions", topic, "--total", "3");

        // then
        grown.succeeded();
        assertThat(grown.out()).contains("now has 5 partitions (had 2)");
        shrunk.failedWithOneLine("has 5 partitions");
        assertThat(describe().partitions()).hasSize(5);
    }

    @Test
    void shouldDeleteTheTopicWhenAsked() throws Exception {
        // given
        Cli.lanes(bootstrapServers(), "topic", "create", topic).succeeded();

        // when
        Cli.Result deleted = Cli.lanes(bootstrapServers(), "topic", "delete", topic, "--output", "json");

        // then
        deleted.succeeded();
        assertThat(deleted.out()).contains("\"deleted\" : true");
        assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }

    @Test
    void shouldFailWithOneLineAndChangeNothingWhenTheTopicIsUnknown() throws Exception {
        // given
        String unknown = "missing-" + UUID.randomUUID();

        // when / then
        Cli.lanes(bootstrapServers(), "topic", "describe", unknown).failedWithOneLine("'" + unknown + "' does not exist");
        Cli.lanes(bootstrapServers(), "topic", "alter-config", unknown, "--set", "retention.ms=1")
                .failedWithOneLine("does not exist");
        Cli.lanes(bootstrapServers(), "topic", "add-partitions", unknown, "--total", "4")
                .failedWithOneLine("does not exist");
        Cli.lanes(bootstrapServers(), "topic", "delete", unknown).failedWithOneLine("does not exist");
        assertThat(admin.listTopics().names().get()).doesNotContain(unknown);
    }

    @Test
    void shouldFailWithOneLineWhenInputIsMalformed() throws Exception {
        // given / when / then
        Cli.lanes(bootstrapServers(), "topic", "create", topic, "--partitions", "three")
                .failedWithOneLine("invalid --partitions 'three'");
        Cli.lanes(bootstrapServers(), "topic", "create", topic, "--config", "retention.ms")
                .failedWithOneLine("expected NAME=VALUE");
        Cli.lanes(bootstrapServers(), "topic", "alter-config", topic).failedWithOneLine("nothing to change");
        assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }

    private TopicDescription describe() throws Exception {
        return admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
    }

    private Map<String, String> topicConfigs() throws Exception {
        Cli.Result described = Cli.lanes(bootstrapServers(), "topic", "describe", topic).succeeded();
        // cross-check with the Admin's view: every non-default entry
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<String, String> fromAdmin = new TreeMap<>();
        admin.describeConfigs(Set.of(resource)).all().get().get(resource).entries().stream()
                .filter(e -> !e.isDefault()).forEach(e -> fromAdmin.put(e.name(), e.value()));
        assertThat(ourConfigs(described.out())).isEqualTo(fromAdmin);
        return fromAdmin;
    }

    /** Our table: partition to [leader, replicas, isr]. */
    private static Map<Integer, List<String>> ourPartitions(String out) {
        Map<Integer, List<String>> rows = new TreeMap<>();
        boolean inTable = false;
        for (String line : out.lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            if (cells[0].equals("PARTITION")) {
                inTable = true;
            } else if (inTable && cells.length == 4) {
                rows.put(Integer.parseInt(cells[0]), List.of(cells[1], cells[2], cells[3]));
            }
        }
        return rows;
    }

    private static Map<Integer, List<String>> kafkaPartitions(String out) {
        Map<Integer, List<String>> rows = new TreeMap<>();
        Matcher m = KAFKA_PARTITION.matcher(out);
        while (m.find()) {
            rows.put(Integer.parseInt(m.group(1)), List.of(m.group(2), m.group(3), m.group(4)));
        }
        return rows;
    }

    private static Map<String, String> ourConfigs(String out) {
        String line = out.lines().filter(l -> l.startsWith("Configs:")).findFirst().orElseThrow();
        return configs(line.substring("Configs:".length()).trim());
    }

    private static Map<String, String> kafkaConfigs(String out) {
        Matcher m = KAFKA_CONFIGS.matcher(out);
        assertThat(m.find()).as("Configs in %s", out).isTrue();
        return configs(m.group(1).trim());
    }

    private static Map<String, String> configs(String joined) {
        Map<String, String> configs = new LinkedHashMap<>();
        List<String> entries = joined.isEmpty() ? List.of() : new ArrayList<>(List.of(joined.split(",")));
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            configs.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return new TreeMap<>(configs);
    }
}
