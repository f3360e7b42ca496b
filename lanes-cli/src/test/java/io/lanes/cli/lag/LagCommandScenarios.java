package io.lanes.cli.lag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.cli.LanesCli;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanes lag} and {@code lanes ops serve} as a user meets them, in process: a group that
 * committed offset 10 of 100 records on each of 2 partitions and then stopped (lag 90 per
 * partition, STOP, group ERR). Short windows keep the runs fast. The broker comes from the subclass.
 */
abstract class LagCommandScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();

    protected abstract String bootstrapServers();

    private String topic;
    private String group;

    /** What one command run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    private Run lanes(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LanesCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private String[] lag(String... more) {
        List<String> args = new ArrayList<>(List.of("lag", "--bootstrap", bootstrapServers(), "--group", group,
                "--window", "2s", "--interval", "250ms", "--min-distance", "500ms", "--timeout", "10"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @BeforeEach
    void stoppedGroup() throws Exception {
        topic = "lag-cli-" + UUID.randomUUID();
        group = "lag-cli-group-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(2), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k", "v" + i));
                }
            }
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers(),
                "group.id", group), new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(10),
                    new TopicPartition(topic, 1), new OffsetAndMetadata(10)));
        }
    }

    @Test
    void shouldPrintLagAtOnceAndStopAfterTheWindowWhenGroupStoppedCommitting() {
        // when
        Run run = lanes(lag());

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^" + group + "\\s+" + topic + "\\s+0\\s+10\\s+100\\s+90\\s+\\d+\\.\\d");
        assertThat(run.out()).containsPattern("(?m)^" + group + "\\s+" + topic + "\\s+1\\s+90\\s+\\S+\\s+STOP\\s+no commit");
        assertThat(run.out()).containsPattern("(?m)^" + group + "\\s+ERR\\s+NONE\\s+180\\s");
        assertThat(run.out()).contains("observed 2.");
    }

    @Test
    void shouldExitOneWithOneLineWhenStatusReachesFailOn() {
        // when
        Run run = lanes(lag("--fail-on", "err"));

        // then
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("lanes lag: group " + group + " is ERR").doesNotContain("\n");
    }

    @Test
    void shouldPrintOneJsonDocumentPerRefreshWhenWatching() throws Exception {
        // when
        Run run = lanes(lag("--watch", "--count", "2", "--refresh", "500ms", "--output", "json"));

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> documents = new ArrayList<>();
        JSON.getFactory().createParser(run.out()).readValuesAs(JsonNode.class).forEachRemaining(documents::add);
        assertThat(documents).hasSize(2);
        JsonNode groupNode = documents.get(1).get("groups").get(0);
        assertThat(groupNode.get("group").asText()).isEqualTo(group);
        assertThat(groupNode.get("status").asText()).isEqualTo("ERR");
        assertThat(groupNode.get("partitions").get(0).get("status").asText()).isEqualTo("STOP");
    }

    @Test
    void shouldExitTwoWithOneLineWhenGroupIsUnknown() {
        // when
        Run run = lanes("lag", "--bootstrap", bootstrapServers(), "--group", "no-such-group-" + UUID.randomUUID(),
                "--window", "1s", "--timeout", "10");

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("lanes lag: ").contains("not found").doesNotContain("\n");
    }

    @Test
    void shouldServeKafkaLagExporterMetricsEqualToTheLagTableWhenScraped() throws Exception {
        // given: the lag command's verdict, as JSON
        Run lag = lanes(lag("--output", "json"));
        JsonNode expected = JSON.readTree(lag.out()).get("groups").get(0);
        StringWriter out = new StringWriter();
        CommandLine cli = LanesCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        Thread server = new Thread(() -> cli.execute("ops", "serve", "--bootstrap", bootstrapServers(), "--group",
                group, "--port", "0", "--host", "127.0.0.1", "--cluster-name", "test-cluster", "--interval", "250ms",
                "--min-distance", "500ms", "--timeout", "10"));
        server.start();
        try {
            // when
            int port = awaitPort(out);
            Thread.sleep(1500); // a window's worth of observations
            Map<String, List<Gauge>> metrics = scrape(port);

            // then
            Map<String, String> partition0 = Map.of("cluster_name", "test-cluster", "group", group, "topic", topic,
                    "partition", "0");
            assertThat(value(metrics, "kafka_consumergroup_group_lag", partition0))
                    .isEqualTo(expected.get("partitions").get(0).get("lag").asDouble()).isEqualTo(90.0);
            assertThat(value(metrics, "kafka_consumergroup_group_offset", partition0)).isEqualTo(10.0);
            assertThat(value(metrics, "kafka_consumergroup_group_lag_seconds", partition0))
                    .isCloseTo(expected.get("partitions").get(0).get("lagSeconds").asDouble(),
                            org.assertj.core.data.Offset.offset(30.0));
            assertThat(value(metrics, "kafka_consumergroup_group_sum_lag", Map.of("group", group)))
                    .isEqualTo(expected.get("totalLag").asDouble()).isEqualTo(180.0);
            assertThat(value(metrics, "kafka_consumergroup_group_max_lag", Map.of("group", group))).isEqualTo(90.0);
            assertThat(metrics).containsKey("kafka_consumergroup_group_max_lag_seconds");
            assertThat(value(metrics, "kafka_partition_latest_offset", Map.of("topic", topic, "partition", "1")))
                    .isEqualTo(expected.get("partitions").get(1).get("latest").asDouble()).isEqualTo(100.0);
            assertThat(value(metrics, "kafka_partition_earliest_offset", Map.of("topic", topic, "partition", "1")))
                    .isEqualTo(0.0);
            assertThat(value(metrics, "kafka_consumergroup_group_status", Map.of("group", group, "status", "ERR")))
                    .isEqualTo(1.0);
            assertThat(value(metrics, "kafka_consumergroup_group_status", Map.of("group", group, "status", "OK")))
                    .isEqualTo(0.0);
            assertThat(value(metrics, "kafka_consumergroup_partition_status",
                    Map.of("group", group, "topic", topic, "partition", "0", "status", "STOP"))).isEqualTo(1.0);
            assertThat(metrics.get("kafka_consumergroup_group_lag").get(0).getLabels()).containsOnlyKeys(
                    "cluster_name", "group", "topic", "partition", "member_host", "consumer_id", "client_id");
        } finally {
            server.interrupt();
            server.join(10_000);
        }
        assertThat(server.isAlive()).isFalse();
    }

    private static int awaitPort(StringWriter out) throws InterruptedException {
        Pattern serving = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)/metrics");
        for (int i = 0; i < 300; i++) {
            Matcher m = serving.matcher(out.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("ops serve did not start: " + out);
    }

    /** GET /metrics, parsed by a Prometheus text-format parser: gauges by metric name. */
    private static Map<String, List<Gauge>> scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        var parser = new TextPrometheusMetricDataParser(new ByteArrayInputStream(
                response.body().getBytes(StandardCharsets.UTF_8)));
        Map<String, List<Gauge>> metrics = new HashMap<>();
        for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
            List<Gauge> gauges = new ArrayList<>();
            family.getMetrics().forEach(m -> gauges.add((Gauge) m));
            metrics.put(family.getName(), gauges);
        }
        return metrics;
    }

    /** The value of the only series of {@code name} whose labels include {@code labels}. */
    private static double value(Map<String, List<Gauge>> metrics, String name, Map<String, String> labels) {
        assertThat(metrics).containsKey(name);
        List<Gauge> matching = metrics.get(name).stream()
                .filter(g -> g.getLabels().entrySet().containsAll(labels.entrySet())).toList();
        assertThat(matching).as(name + " " + labels).hasSize(1);
        return matching.get(0).getValue();
    }
}
