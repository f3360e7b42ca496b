package io.lanes.broker.telemetry;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.micrometer.core.instrument.Gauge;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KIP-714 end to end: subscriptions made with the Admin API as {@code kafka-client-metrics.sh}
 * makes them, and the official Java producer and consumer (which push metrics by default).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClientTelemetryIntegrationTest {
    private static final String SEND_TOTAL = "org.apache.kafka.producer.record.send.total";
    private static final String CONSUMED_TOTAL = "org.apache.kafka.consumer.fetch.manager.records.consumed.total";

    @TempDir
    Path dataDir;

    private BrokerConfig config() {
        return BrokerConfig.from(Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dataDir.toString(),
                "lanes.durability", "page-cache"));
    }

    @Test
    void shouldShowWhatProducerAndConsumerPushWhenASubscriptionMatchesThem() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            subscribe(broker, "java-clients", Map.of("metrics", "org.apache.kafka.producer.,org.apache.kafka.consumer.",
                    "interval.ms", "500", "match", "client_software_name=apache-kafka-java"));

            // when
            try (KafkaProducer<String, String> producer = producer(broker, "telemetry-producer")) {
                for (int i = 0; i < 25; i++) {
                    producer.send(new ProducerRecord<>("telemetry", "key-" + i, "value-" + i));
                }
                producer.flush();
                try (KafkaConsumer<String, String> consumer = consumer(broker, "telemetry-consumer")) {
                    consumer.subscribe(List.of("telemetry"));
                    int consumed = 0;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (consumed < 25 && System.nanoTime() < deadline) {
                        consumed += consumer.poll(Duration.ofMillis(200)).count();
                    }
                    assertThat(consumed).isEqualTo(25);

                    // then
                    ClientReport producerReport = awaitReport(broker, "telemetry-producer",
                            r -> r.value(SEND_TOTAL).orElse(0.0) >= 25);
                    ClientReport consumerReport = awaitReport(broker, "telemetry-consumer",
                            r -> r.value(CONSUMED_TOTAL).orElse(0.0) >= 25);
                    assertThat(producerReport.value(SEND_TOTAL)).contains(25.0);
                    assertThat(producerReport.softwareName()).isEqualTo("apache-kafka-java");
                    assertThat(producerReport.softwareVersion()).isEqualTo(AppInfoParser.getVersion());
                    assertThat(producerReport.pushIntervalMs()).isEqualTo(500);
                    assertThat(producerReport.metrics()).allMatch(p -> p.name().startsWith("org.apache.kafka.producer."));
                    assertThat(consumerReport.value(CONSUMED_TOTAL)).contains(25.0);
                    assertThat(consumerReport.metrics()).extracting(MetricPoint::name)
                            .contains("org.apache.kafka.consumer.fetch.manager.fetch.latency.avg");
                    assertThat(consumerReport.resource()).containsEntry("group_id", "telemetry-group");
                    Gauge sendTotal = broker.meterRegistry().find(ClientTelemetry.METER)
                            .tags("client_id", "telemetry-producer", "metric", SEND_TOTAL, "attributes", "")
                            .gauge();
                    assertThat(sendTotal).isNotNull();
                    assertThat(sendTotal.value()).isEqualTo(25.0);
                }
            }
        }
    }

    @Test
    void shouldReceiveNothingWhenNoSubscriptionMatchesTheClient() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            subscribe(broker, "other-clients", Map.of("metrics", "*", "interval.ms", "200",
                    "match", "client_id=somebody-else"));

            // when
            try (KafkaProducer<String, String> producer = producer(broker, "unsubscribed-producer")) {
                producer.send(new ProducerRecord<>("quiet", "k", "v")).get();
                Thread.sleep(2_000);

                // then
                assertThat(broker.clientTelemetry().snapshot()).isEmpty();
                assertThat(broker.meterRegistry().find(ClientTelemetry.METER).gauges()).isEmpty();
            }
        }
    }

    @Test
    void shouldKeepSubscriptionsWhenTheBrokerRestarts() throws Exception {
        // given
        try (LanesBroker broker = LanesBroker.start(config())) {
            subscribe(broker, "kept", Map.of("metrics", "org.apache.kafka.producer.", "interval.ms", "1000"));
        }

        // when
        try (LanesBroker broker = LanesBroker.start(config()); Admin admin = admin(broker)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.CLIENT_METRICS, "kept");
            Config described = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            Collection<ConfigResource> listed = admin.listConfigResources(
                    java.util.Set.of(ConfigResource.Type.CLIENT_METRICS), new org.apache.kafka.clients.admin.ListConfigResourcesOptions())
                    .all().get();

            // then
            assertThat(described.get("metrics").value()).isEqualTo("org.apache.kafka.producer.");
            assertThat(described.get("interval.ms").value()).isEqualTo("1000");
            assertThat(described.get("interval.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_CLIENT_METRICS_CONFIG);
            assertThat(described.get("match").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(listed).containsExactly(resource);
            try (KafkaProducer<String, String> producer = producer(broker, "after-restart")) {
                producer.send(new ProducerRecord<>("restarted", "k", "v")).get();
                assertThat(awaitReport(broker, "after-restart", r -> r.value(SEND_TOTAL).orElse(0.0) >= 1)
                        .value(SEND_TOTAL)).contains(1.0);
            }
        }
    }

    static void subscribe(LanesBroker broker, String name, Map<String, String> configs) throws Exception {
        try (Admin admin = admin(broker)) {
            List<AlterConfigOp> ops = configs.entrySet().stream()
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.CLIENT_METRICS, name), ops))
                    .all().get();
        }
    }

    private static ClientReport awaitReport(LanesBroker broker, String clientId, Predicate<ClientReport> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Optional<ClientReport> report = Optional.empty();
        while (System.nanoTime() < deadline) {
            report = broker.clientTelemetry().snapshot().stream().filter(r -> clientId.equals(r.clientId())).findFirst();
            if (report.isPresent() && done.test(report.get())) {
                return report.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no complete telemetry from " + clientId + " within 30 s; last: " + report);
    }

    private static Admin admin(LanesBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(LanesBroker broker, String clientId) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, clientId), new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(LanesBroker broker, String clientId) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, clientId, ConsumerConfig.GROUP_ID_CONFIG, "telemetry-group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }
}
