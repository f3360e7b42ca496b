package io.lanes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operations library's lag verdicts reach the broker's dashboard API through the broker's LagVerdicts. */
class LagVerdictFeedTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldShowEachGroupsBurrowVerdictInTheOverviewWhenFedFromTheOperationsLibrary() throws Exception {
        // given: a broker with its HTTP side, and a group that read and committed everything
        int httpPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = s.getLocalPort();
        }
        try (LanesBroker broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "lanes.http.port", Integer.toString(httpPort),
                "offsets.topic.num.partitions", "1",
                "group.initial.rebalance.delay.ms", "0")))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("verdicts", 2, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("verdicts", "k" + i, "v"));
                }
            }
            consumeAllAndCommit(broker, "caught-up", 100);
            JsonNode before = overview(httpPort);
            assertThat(before.get("verdicts").asBoolean()).isFalse();

            // when
            try (LagVerdictFeed feed = LagVerdictFeed.start(broker.bootstrapServers())) {
                broker.lagVerdicts(feed);

                // then
                JsonNode verdict = null;
                long deadline = System.currentTimeMillis() + 30_000;
                while (verdict == null && System.currentTimeMillis() < deadline) {
                    JsonNode overview = overview(httpPort);
                    assertThat(overview.get("verdicts").asBoolean()).isTrue();
                    for (JsonNode group : overview.get("groups")) {
                        if (group.get("groupId").asText().equals("caught-up") && !group.get("verdict").isNull()) {
                            verdict = group.get("verdict");
                        }
                    }
                    Thread.sleep(200);
                }
                assertThat(verdict).as("the group's verdict in /api/overview").isNotNull();
                assertThat(verdict.get("status").asText()).isEqualTo("OK");
                assertThat(verdict.get("rule").asText()).isEqualTo("every partition OK");
            }
        }
    }

    private static void consumeAllAndCommit(LanesBroker broker, String group, int records) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("verdicts"));
            int seen = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen < records && System.currentTimeMillis() < deadline) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(seen).isEqualTo(records);
            consumer.commitSync();
        }
    }

    private static JsonNode overview(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/overview")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
