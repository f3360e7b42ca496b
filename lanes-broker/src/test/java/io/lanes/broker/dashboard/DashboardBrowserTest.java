package io.lanes.broker.dashboard;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in real headless Chromium against a broker under a skewed produce load with a consumer group:
 * it shows every topic, partition and group with the values {@code /metrics} has, updates itself, and renders a
 * hostile group id, client id and record key as text. Clients push KIP-714 telemetry (a client-metrics
 * subscription for every client), which the page shows beside the broker's figures; the groups' lag verdicts come
 * from a provider plugged in as {@code lanes server} plugs in the operations library's. Screenshots go to
 * {@code target/dashboard-screenshots/}.
 *
 * <p>Needs Debian's {@code chromium}: skipped when it is missing, except under CI ({@code CI=true}), where a
 * missing browser fails the test.
 */
class DashboardBrowserTest {
    private static final String HOSTILE_GROUP = "<script>alert(1)</script>";
    private static final String HOSTILE_KEY = "<img src=x onerror=alert(2)>";
    private static final String HOSTILE_CLIENT = "<svg onload=alert(3)>reader";
    private static final String HOSTILE_RULE = "<b onmouseover=alert(4)>lag never went down</b>";
    private static final String TELEMETRY_GROUP = "telemetry-readers";
    private static final int PARTITIONS = 6;
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

    @TempDir
    static Path dataDir;

    private static LanesBroker broker;
    private static int httpPort;

    @BeforeAll
    static void start() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci) {
            Assumptions.assumeTrue(HeadlessChromium.available(), "Debian's chromium is not installed");
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = s.getLocalPort();
        }
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "lanes.durability", "page-cache",
                "lanes.http.port", Integer.toString(httpPort),
                "lanes.hotkeys.sample.every.batches", "1",
                "offsets.topic.num.partitions", "1",
                "group.initial.rebalance.delay.ms", "0")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orders", PARTITIONS, (short) 1),
                    new NewTopic("payments", 2, (short) 1))).all().get();
            // every client pushes every metric each second (KIP-714)
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.CLIENT_METRICS, "everything"),
                    List.of(new AlterConfigOp(new ConfigEntry("metrics", "org.apache.kafka."), AlterConfigOp.OpType.SET),
                            new AlterConfigOp(new ConfigEntry("interval.ms", "1000"), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
        // a verdict provider as lanes server plugs one in: the hostile group WARNs with a rule that is markup
        broker.lagVerdicts(() -> Map.of(HOSTILE_GROUP,
                new LagVerdicts.LagVerdict("WARN", HOSTILE_RULE, System.currentTimeMillis())));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldShowTopicsGroupsAndHotKeysMatchingMetricsAndRenderHostileNamesAsTextWhenUnderLoad() throws Exception {
        // given: a skewed load (a hostile key takes a third of the records), and a group with a hostile id
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread load = new Thread(() -> produce(producing), "dashboard-load");
        load.start();
        consumeSome(HOSTILE_GROUP, 200);
        // and: a consumer with a hostile client id that keeps reading (and pushing telemetry) during the test
        Thread reader = new Thread(() -> keepConsuming(producing), "dashboard-reader");
        reader.start();
        try (HeadlessChromium chromium = HeadlessChromium.start(1280, 1600)) {
            // when
            chromium.navigate("http://127.0.0.1:" + httpPort + "/");
            chromium.waitFor("document.querySelectorAll('[data-topic=\"orders\"] .cell').length === " + PARTITIONS,
                    Duration.ofSeconds(15));
            long firstUpdate = chromium.eval("Number(document.getElementById('status').dataset.timeMs)").asLong();
            double firstIn = chromium.eval(sumOf("orders", "messagesIn")).asDouble();

            // then: it updates itself within a few seconds, with the counts moving under load
            chromium.waitFor("Number(document.getElementById('status').dataset.timeMs) > " + firstUpdate,
                    Duration.ofSeconds(6));
            chromium.waitFor(sumOf("orders", "messagesIn") + " > " + firstIn, Duration.ofSeconds(8));
            chromium.waitFor("document.querySelector('[data-hot-key]') !== null", Duration.ofSeconds(10));
            chromium.screenshot(SCREENSHOTS.resolve("dashboard-under-load.png"));

            // and: the hostile names are text, nothing they carry ran or was inserted as markup
            assertThat(chromium.eval("[...document.querySelectorAll('[data-group] .name')].map(e => e.textContent)"))
                    .extracting(n -> n.asText()).contains(HOSTILE_GROUP);
            assertThat(chromium.eval("[...document.querySelectorAll('[data-hot-key] .key')].map(e => e.textContent)"))
                    .extracting(n -> n.asText()).contains(HOSTILE_KEY);
            // and: the clients' own telemetry beside the broker's figures: the hostile client id as text, what it
            // consumed, the lag it sees per partition in its group's table; the producer's request latency
            chromium.waitFor("[...document.querySelectorAll('[data-kind=\"consumer\"] .name')].some(e => e.textContent === "
                    + jsString(HOSTILE_CLIENT) + ")", Duration.ofSeconds(20));
            chromium.waitFor("[...document.querySelectorAll('[data-kind=\"consumer\"]')].some(r => r.dataset.client === "
                    + jsString(HOSTILE_CLIENT) + " && Number(r.querySelector('[data-figure=\"recordsConsumed\"]')"
                    + ".textContent.replace(/,/g, '')) > 0)", Duration.ofSeconds(20));
            chromium.waitFor("[...document.querySelectorAll('[data-kind=\"producer\"] [data-figure=\"produceLatency\"]')]"
                    + ".some(e => e.textContent.endsWith(' ms'))", Duration.ofSeconds(20));
            chromium.waitFor("[...document.querySelectorAll('[data-group=\"" + TELEMETRY_GROUP + "\"] td.client-lag')]"
                    + ".some(e => e.textContent !== '–')", Duration.ofSeconds(20));
            // and: the verdict beside the hostile group, its markup rule shown as text
            chromium.waitFor("document.querySelector('[data-verdict=\"WARN\"]') !== null", Duration.ofSeconds(10));
            assertThat(chromium.eval("document.querySelector('[data-verdict=\"WARN\"]').closest('[data-group]')"
                    + ".querySelector('.name').textContent").asText()).isEqualTo(HOSTILE_GROUP);
            assertThat(chromium.eval("document.querySelector('[data-verdict=\"WARN\"]').textContent").asText())
                    .isEqualTo("WARN: " + HOSTILE_RULE);
            assertThat(chromium.eval("document.querySelector('[data-group=\"" + TELEMETRY_GROUP
                    + "\"] [data-verdict]').dataset.verdict").asText()).isEqualTo("PENDING");
            chromium.screenshot(SCREENSHOTS.resolve("dashboard-telemetry-and-verdicts.png"));
            assertThat(chromium.eval("document.querySelectorAll('img, b, [onload], [onmouseover]').length").asInt())
                    .isZero();
            assertThat(chromium.eval("document.querySelectorAll('svg:not(.chart)').length").asInt()).isZero();
            assertThat(chromium.eval("document.querySelectorAll('img').length").asInt()).isZero();
            assertThat(chromium.eval("document.scripts.length").asInt()).isEqualTo(1);
            assertThat(chromium.dialogs).isEmpty();

            // and: the group's rebalance timeline, newest first: its consumer joined, was assigned, and left
            assertThat(chromium.eval("[...document.querySelectorAll('[data-timeline] [data-event]')]"
                    + ".map(e => e.dataset.event)")).extracting(n -> n.asText())
                    .containsSubsequence("MEMBER_LEFT", "GROUP_STABLE", "MEMBER_JOINED");
            assertThat(chromium.eval("document.querySelector('[data-timeline]').dataset.timeline").asText())
                    .isEqualTo(HOSTILE_GROUP);

            // and: once the load stops, every partition shows what /metrics says
            producing.set(false);
            load.join();
            reader.join();
            long stopped = System.currentTimeMillis();
            chromium.waitFor("Number(document.getElementById('status').dataset.timeMs) > " + (stopped + 100),
                    Duration.ofSeconds(8));
            String metrics = get("/metrics");
            for (String topic : List.of("orders", "payments")) {
                int partitions = topic.equals("orders") ? PARTITIONS : 2;
                for (int p = 0; p < partitions; p++) {
                    long shown = chromium.eval("Number(document.querySelector('[data-topic=\"" + topic
                            + "\"] [data-partition=\"" + p + "\"]').dataset.logEndOffset)").asLong();
                    assertThat(shown).as(topic + "-" + p).isEqualTo(logEndOffset(metrics, topic, p));
                }
            }
            assertThat(chromium.eval(sumOf("orders", "messagesOut")).asDouble()).as("records out of orders")
                    .isPositive().isEqualTo(topicSum(metrics, "lanes_topic_messagesout_total", "orders"));
            assertThat(chromium.eval("document.querySelectorAll('[data-group]').length").asInt()).isEqualTo(2);
            chromium.screenshot(SCREENSHOTS.resolve("dashboard-after-load.png"));
            assertThat(chromium.dialogs).isEmpty();
        } finally {
            producing.set(false);
            load.join();
            reader.join();
        }
    }

    private static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void keepConsuming(AtomicBoolean running) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, TELEMETRY_GROUP,
                ConsumerConfig.CLIENT_ID_CONFIG, HOSTILE_CLIENT,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            while (running.get()) {
                consumer.poll(Duration.ofMillis(200));
            }
            consumer.commitSync();
        }
    }

    private static String sumOf(String topic, String field) {
        return "[...document.querySelectorAll('[data-topic=\"" + topic + "\"] .cell')].reduce((s, c) => s + Number(c.dataset."
                + field + "), 0)";
    }

    private static double topicSum(String metrics, String name, String topic) {
        Matcher m = Pattern.compile(name + "\\{topic=\"" + topic + "\"} (\\S+)").matcher(metrics);
        assertThat(m.find()).as(name + " of " + topic + " in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static long logEndOffset(String metrics, String topic, int partition) {
        Matcher m = Pattern.compile("kafka_log_log_logendoffset\\{partition=\"" + partition + "\",topic=\"" + topic
                + "\"} (\\S+)").matcher(metrics);
        assertThat(m.find()).as("log end offset of " + topic + "-" + partition + " in /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static void produce(AtomicBoolean producing) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "dashboard-producer",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "4096"), new StringSerializer(), new StringSerializer())) {
            long i = 0;
            while (producing.get()) {
                String key = i % 3 == 0 ? HOSTILE_KEY : "order-" + (i % 997);
                producer.send(new ProducerRecord<>("orders", key, "event " + i));
                if (i % 10 == 0) {
                    producer.send(new ProducerRecord<>("payments", "payment-" + i, "paid"));
                }
                if (++i % 500 == 0) {
                    Thread.sleep(20);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void consumeSome(String group, int records) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders"));
            int seen = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen < records && System.currentTimeMillis() < deadline) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
        }
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
