package io.lanes.broker.hotkeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot keys and hot partitions found on a skewed order stream (a few big orders carrying 30% of the events,
 * Zipf-like, as in the demo), and none on a uniform one, through {@code /api/hotkeys} and {@code /metrics}.
 */
class HotKeysTest {
    private static final int PARTITIONS = 12;
    private static final int EVENTS = 30_000;
    private static final int BIG_ORDERS = 8;

    @TempDir
    static Path dataDir;

    private static LanesBroker broker;
    private static int httpPort;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = s.getLocalPort();
        }
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "lanes.durability", "page-cache",
                "lanes.http.port", Integer.toString(httpPort),
                "lanes.hotkeys.sample.every.batches", "2")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orders-skewed", PARTITIONS, (short) 1),
                    new NewTopic("orders-uniform", PARTITIONS, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldReportTheBigOrdersAndTheirPartitionWhenTheStreamIsSkewed() throws Exception {
        // given
        List<String> keys = skewedKeys(new Random(7));
        Map<String, Integer> partitionOf = produce("orders-skewed", keys);

        // when
        JsonNode report = hotKeys();

        // then: the biggest orders are reported hot, with their partitions
        Set<String> hot = new HashSet<>();
        for (JsonNode key : report.get("hotKeys")) {
            if (key.get("topic").asText().equals("orders-skewed")) {
                hot.add(key.get("key").asText());
                assertThat(key.get("partition").asInt()).isEqualTo(partitionOf.get(key.get("key").asText()));
            }
        }
        assertThat(hot).contains("order-big-1", "order-big-2", "order-big-3");
        assertThat(hot).allMatch(k -> k.startsWith("order-big-"));
        // the partition of the biggest order is far above its topic's mean
        List<Integer> hotPartitions = new ArrayList<>();
        report.get("hotPartitions").forEach(p -> {
            if (p.get("topic").asText().equals("orders-skewed")) {
                hotPartitions.add(p.get("partition").asInt());
            }
        });
        assertThat(hotPartitions).contains(partitionOf.get("order-big-1"));
        String metrics = get("/metrics");
        assertThat(metrics).containsPattern("lanes_hotkey_share\\{key=\"order-big-1\",partition=\""
                + partitionOf.get("order-big-1") + "\",topic=\"orders-skewed\"} 0\\.\\d+");
    }

    @Test
    void shouldReportNoHotKeyNorPartitionWhenKeysAreUniform() throws Exception {
        // given
        Random random = new Random(11);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            keys.add("order-" + random.nextInt(5_000));
        }
        produce("orders-uniform", keys);

        // when
        JsonNode report = hotKeys();

        // then
        report.get("hotKeys").forEach(k -> assertThat(k.get("topic").asText()).isNotEqualTo("orders-uniform"));
        report.get("hotPartitions").forEach(p -> assertThat(p.get("topic").asText()).isNotEqualTo("orders-uniform"));
        long partitionsSeen = 0;
        for (JsonNode p : report.get("partitions")) {
            if (p.get("topic").asText().equals("orders-uniform")) {
                partitionsSeen++;
                assertThat(p.get("sampledRecords").asLong()).isGreaterThan(200);
                assertThat(p.get("skew").asDouble()).isBetween(0.7, 1.3);
            }
        }
        assertThat(partitionsSeen).isEqualTo(PARTITIONS);
    }

    /** Big orders take 30% of the events (the k-th biggest a share proportional to 1/k), ordinary ones 4 each. */
    private static List<String> skewedKeys(Random random) {
        List<String> keys = new ArrayList<>();
        double harmonic = 0;
        for (int k = 1; k <= BIG_ORDERS; k++) {
            harmonic += 1.0 / k;
        }
        int big = (int) (EVENTS * 0.3);
        for (int k = 1; k <= BIG_ORDERS; k++) {
            int events = (int) Math.round(big * (1.0 / k) / harmonic);
            for (int i = 0; i < events; i++) {
                keys.add("order-big-" + k);
            }
        }
        for (int order = 1; keys.size() < EVENTS; order++) {
            for (int i = 0; i < 4 && keys.size() < EVENTS; i++) {
                keys.add("order-" + order);
            }
        }
        Collections.shuffle(keys, random);
        return keys;
    }

    /** Produces one record per key (default partitioner); returns where each key went. */
    private static Map<String, Integer> produce(String topic, List<String> keys) throws Exception {
        Map<String, Integer> partitionOf = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.BATCH_SIZE_CONFIG, "2048",
                ProducerConfig.LINGER_MS_CONFIG, "1"), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String key : keys) {
                sent.add(producer.send(new ProducerRecord<>(topic, key, "event of " + key)));
            }
            for (int i = 0; i < keys.size(); i++) {
                partitionOf.put(keys.get(i), sent.get(i).get().partition());
            }
        }
        return partitionOf;
    }

    private static JsonNode hotKeys() throws Exception {
        return new ObjectMapper().readTree(get("/api/hotkeys"));
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
