package io.lanes.broker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/groups/timeline} while real Kafka consumers join and leave a group, with the classic protocol and
 * with KIP-848's consumer protocol.
 */
@Timeout(120)
class GroupTimelineEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 4;

    @TempDir
    static Path dataDir;

    private static LanesBroker broker;
    private static int httpPort;

    @BeforeAll
    static void start() throws Exception {
        httpPort = HttpPorts.free();
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "lanes.http.port", Integer.toString(httpPort),
                "offsets.topic.num.partitions", "1",
                "group.initial.rebalance.delay.ms", "0",
                "group.consumer.min.heartbeat.interval.ms", "100",
                "group.consumer.heartbeat.interval.ms", "300")));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void shouldShowJoinRebalanceAndMovedPartitionsWhenSecondMemberJoinsAndLeaves(String protocol) throws Exception {
        // given
        String topic = "timeline-" + protocol;
        String group = "timeline-group-" + protocol;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        String first;
        String second;
        try (KafkaConsumer<String, String> c1 = consumer(group, protocol)) {
            c1.subscribe(List.of(topic));
            pollUntil(List.of(c1), () -> c1.assignment().size() == PARTITIONS);
            first = c1.groupMetadata().memberId();

            // when: a second member joins, gets its share, and leaves
            try (KafkaConsumer<String, String> c2 = consumer(group, protocol)) {
                c2.subscribe(List.of(topic));
                pollUntil(List.of(c1, c2), () -> c1.assignment().size() == PARTITIONS / 2
                        && c2.assignment().size() == PARTITIONS / 2);
                second = c2.groupMetadata().memberId();
            }
            pollUntil(List.of(c1), () -> c1.assignment().size() == PARTITIONS);
        }

        // then
        JsonNode events = eventually(group, node -> hasMove(node, second, first));
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).contains("MEMBER_JOINED", "MEMBER_LEFT",
                protocol.equals("classic") ? "GENERATION_CHANGED" : "EPOCH_CHANGED");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("MEMBER_JOINED");
            assertThat(e.get("memberId").asText()).isEqualTo(second);
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("MEMBER_LEFT");
            assertThat(e.get("memberId").asText()).isEqualTo(second);
        });
        assertThat(hasMove(events, first, second)).as("partitions moved from the first member to the second").isTrue();
        assertThat(hasMove(events, second, first)).as("partitions moved back").isTrue();
        for (JsonNode e : events) {
            for (JsonNode move : e.get("moves")) {
                if (!move.get("from").isNull() && !move.get("to").isNull()) {
                    assertThat(move.get("topic").asText()).isEqualTo(topic);
                    assertThat(move.get("unownedMs").asLong()).isNotNegative();
                }
            }
        }
        assertThat(events.get(0).get("timeMs").asLong())
                .as("newest first").isGreaterThanOrEqualTo(events.get(events.size() - 1).get("timeMs").asLong());
        JsonNode all = JSON.readTree(Scrape.get(httpPort, "/api/groups/timeline").body());
        assertThat(all.get("groups")).anySatisfy(g -> assertThat(g.get("groupId").asText()).isEqualTo(group));
        assertThat(Scrape.of(httpPort).sum("lanes_group_rebalances", "group", group)).isGreaterThanOrEqualTo(3);
    }

    /** True when an event lists a partition moved from {@code from} to {@code to}. */
    private static boolean hasMove(JsonNode events, String from, String to) {
        for (JsonNode e : events) {
            for (JsonNode move : e.get("moves")) {
                if (from.equals(move.get("from").asText(null)) && to.equals(move.get("to").asText(null))) {
                    return true;
                }
            }
        }
        return false;
    }

    private interface Check {
        boolean test(JsonNode events);
    }

    /** The group's events once {@code check} holds (the last member's final heartbeat may still be on its way). */
    private static JsonNode eventually(String group, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            JsonNode body = JSON.readTree(Scrape.get(httpPort, "/api/groups/timeline?group="
                    + URLEncoder.encode(group, StandardCharsets.UTF_8)).body());
            assertThat(body.get("groups")).hasSize(1);
            assertThat(body.get("groups").get(0).get("groupId").asText()).isEqualTo(group);
            JsonNode events = body.get("groups").get(0).get("events");
            if (check.test(events) || System.currentTimeMillis() > deadline) {
                return events;
            }
            Thread.sleep(100);
        }
    }

    private static void pollUntil(List<KafkaConsumer<String, String>> consumers, BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!done.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("rebalance within 60 s").isLessThan(deadline);
            for (KafkaConsumer<String, String> c : consumers) {
                c.poll(Duration.ofMillis(50));
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(String group, String protocol) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    private static String bootstrap() {
        return broker.bootstrapServers();
    }
}
