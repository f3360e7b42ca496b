package io.lanes.cli.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.cli.group.Cli;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanes produce} and {@code lanes consume} against a real broker (supplied by the subclass:
 * embedded Lanes or a 3-node Apache Kafka cluster). Every scenario has its own three-partition topic.
 */
abstract class RecordsCommandScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();

    protected abstract String bootstrapServers();

    @TempDir
    Path dir;

    private Admin admin;
    private String topic;

    @BeforeEach
    void setUp() throws Exception {
        admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
        topic = "records-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty()))).all().get();
    }

    @AfterEach
    void tearDown() {
        ProduceCommand.stdin = System.in;
        admin.close();
    }

    @Test
    void shouldWriteKeyedLinesWithHeadersAndReadThemBackWhenProducingAndConsuming() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("orders.txt"), "order-1:created\norder-2:created\norder-1:paid\n");

        // when
        Cli.Result produced = Cli.lanes(bootstrapServers(), "produce", "--topic", topic, "--file", file.toString(),
                "--key-separator", ":", "--header", "source=cli", "--header", "trace=a=b");
        Cli.Result consumed = Cli.lanes(bootstrapServers(), "consume", "--topic", topic, "--from-beginning",
                "--format", "json", "--max-messages", "3", "--timeout-ms", "10000");

        // then
        produced.succeeded();
        assertThat(produced.out()).isEqualTo("Wrote 3 records to " + topic + ".\n");
        consumed.succeeded();
        List<JsonNode> records = json(consumed.out());
        assertThat(records).hasSize(3);
        Map<String, List<String>> valuesByKey = records.stream().collect(Collectors.groupingBy(
                r -> r.get("key").asText(), TreeMap::new, Collectors.mapping(r -> r.get("value").asText(),
                        Collectors.toList())));
        assertThat(valuesByKey).isEqualTo(Map.of("order-1", List.of("created", "paid"), "order-2", List.of("created")));
        // one key, one partition, in order
        assertThat(records.stream().filter(r -> r.get("key").asText().equals("order-1"))
                .map(r -> r.get("partition").asInt()).distinct()).hasSize(1);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("headers").toString()).isEqualTo(
                    "[{\"key\":\"source\",\"value\":\"cli\"},{\"key\":\"trace\",\"value\":\"a=b\"}]");
            assertThat(r.get("topic").asText()).isEqualTo(topic);
            assertThat(r.get("timestampType").asText()).isEqualTo("CreateTime");
            assertThat(Instant.parse(r.get("timestamp").asText())).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
        });
        assertThat(consumed.err()).isEqualTo("Processed a total of 3 messages\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "1", "0"})
    void shouldWriteStdinToTheNamedPartitionWithEachAcks(String acks) throws Exception {
        // given
        ProduceCommand.stdin = input("a\nb\n\nc\n");

        // when
        Cli.Result produced = Cli.lanes(bootstrapServers(), "produce", "--topic", topic, "--partition", "2",
                "--acks", acks, "--output", "json");

        // then
        produced.succeeded();
        assertThat(JSON.readTree(produced.out()).get("records").asInt()).isEqualTo(3);
        // with acks 1 or 0 the command returns before the followers have the records: the high watermark follows
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!logEnds().equals(Map.of(0, 0L, 1, 0L, 2, 3L)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(logEnds()).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 3L));
    }

    @Test
    void shouldStartAtTheOffsetOrTimeAskedWhenConsumingOnePartition() throws Exception {
        // given: partition 1 holds five records an hour old, then five from now
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                long timestamp = i < 5 ? hourAgo.toEpochMilli() : System.currentTimeMillis();
                producer.send(new ProducerRecord<>(topic, 1, timestamp, null, "v" + i));
            }
        }
        String halfHourAgo = Instant.now().minus(Duration.ofMinutes(30)).toString();

        // when
        Cli.Result fromOffset = Cli.lanes(bootstrapServers(), "consume", "--topic", topic, "--partition", "1",
                "--offset", "7", "--timeout-ms", "1500");
        Cli.Result fromTime = Cli.lanes(bootstrapServers(), "consume", "--topic", topic, "--partition", "1",
                "--from-time", halfHourAgo, "--max-messages", "2", "--timeout-ms", "5000");
        Cli.Result fromNow = Cli.lanes(bootstrapServers(), "consume", "--topic", topic, "--timeout-ms", "1500");

        // then
        assertThat(fromOffset.succeeded().outLines()).hasSize(3).first().asString()
                .startsWith("partition=1 offset=7 timestamp=").endsWith(" key=null headers=[] value=v7");
        assertThat(fromTime.succeeded().outLines()).hasSize(2).first().asString().contains(" offset=5 ");
        assertThat(fromNow.succeeded().out()).isEmpty();
    }

    @Test
    void shouldCommitWhatItPrintedAndContinueThereWhenConsumingInAGroup() throws Exception {
        // given
        ProduceCommand.stdin = input("r0\nr1\nr2\nr3\nr4\n");
        Cli.lanes(bootstrapServers(), "produce", "--topic", topic, "--partition", "0").succeeded();
        String group = "readers-" + UUID.randomUUID();

        // when
        Cli.Result first = Cli.lanes(bootstrapServers(), "consume", "--topic", topic, "--group", group,
                "--from-beginning", "--max-messages", "2", "--timeout-ms", "10000");
        Map<TopicPartition, Long> committed = committed(group);
        Cli.Result second = Cli.lanes(bootstrapServers(), "consume", "--topic", topic, "--group", group,
                "--from-beginning", "--timeout-ms", "3000");

        // then
        assertThat(first.succeeded().outLines()).extracting(l -> l.substring(l.lastIndexOf('=') + 1))
                .containsExactly("r0", "r1");
        assertThat(committed).isEqualTo(Map.of(new TopicPartition(topic, 0), 2L));
        assertThat(second.succeeded().outLines()).extracting(l -> l.substring(l.lastIndexOf('=') + 1))
                .containsExactly("r2", "r3", "r4");
        assertThat(committed(group)).isEqualTo(Map.of(new TopicPartition(topic, 0), 5L));
    }

    @Test
    void shouldFailWithOneLineAndWriteNothingWhenInputIsBad() throws Exception {
        // given
        String unknown = "missing-" + UUID.randomUUID();
        Path noKey = Files.writeString(dir.resolve("bad.txt"), "k1:v1\nno key here\n");

        // when / then
        Cli.lanes(bootstrapServers(), "produce", "--topic", topic, "--file", noKey.toString(), "--key-separator", ":")
                .failedWithOneLine("line 2 has no key separator ':'");
        ProduceCommand.stdin = input("x\n");
        Cli.lanes(bootstrapServers(), "produce", "--topic", unknown).failedWithOneLine("'" + unknown + "' does not exist");
        ProduceCommand.stdin = input("x\n");
        Cli.lanes(bootstrapServers(), "produce", "--topic", topic, "--partition", "3")
                .failedWithOneLine("partition 3 of topic");
        ProduceCommand.stdin = input("x\n");
        Cli.lanes(bootstrapServers(), "produce", "--topic", topic, "--acks", "2").failedWithOneLine("invalid --acks '2'");
        ProduceCommand.stdin = input("x\n");
        Cli.lanes(bootstrapServers(), "produce", "--topic", topic, "--header", "novalue")
                .failedWithOneLine("invalid header 'novalue'");
        Cli.lanes(bootstrapServers(), "consume", "--topic", unknown, "--timeout-ms", "1000")
                .failedWithOneLine("'" + unknown + "' does not exist");
        Cli.lanes(bootstrapServers(), "consume", "--topic", topic, "--from-time", "last tuesday")
                .failedWithOneLine("is not an ISO-8601 date-time");
        Cli.lanes(bootstrapServers(), "consume", "--topic", topic, "--offset", "x1").failedWithOneLine("invalid --offset");
        Cli.lanes(bootstrapServers(), "consume", "--topic", topic, "--format", "xml").failedWithOneLine("invalid --format");
        assertThat(logEnds()).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L));
        assertThat(admin.listTopics().names().get()).doesNotContain(unknown);
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> json(String lines) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines.lines().toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private Map<Integer, Long> logEnds() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        for (int p = 0; p < 3; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
