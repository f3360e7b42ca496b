package io.lanes.broker.http;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code /metrics} scraped while real Kafka clients produce, consume, rebalance and run transactions, checked
 * against what the clients did.
 */
class MetricsEndpointTest {
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
                "lanes.durability", "fsync",
                "lanes.http.port", Integer.toString(httpPort),
                "offsets.topic.num.partitions", "1",
                "transaction.state.log.num.partitions", "1",
                "group.initial.rebalance.delay.ms", "0")));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCountBytesAndRecordsInAndOutWhenClientsProduceAndConsume() throws Exception {
        // given
        createTopic("traffic", 2);
        int records = 500;
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("traffic", i % 2, "key-" + i, "value-" + i));
            }
            producer.flush();
        }

        // when
        int consumed = consumeAll("traffic", 2, records);

        // then
        assertThat(consumed).isEqualTo(records);
        Eventually.scrape(httpPort, scrape -> {
        double logBytes = scrape.sum("kafka_log_log_size", "topic", "traffic");
        assertThat(logBytes).isPositive();
        assertThat(scrape.sum("kafka_server_brokertopicmetrics_messagesin_total", "topic", "traffic")).isEqualTo(records);
        assertThat(scrape.sum("kafka_server_brokertopicmetrics_bytesin_total", "topic", "traffic")).isEqualTo(logBytes);
        assertThat(scrape.sum("kafka_server_brokertopicmetrics_bytesout_total", "topic", "traffic")).isEqualTo(logBytes);
        for (int p = 0; p < 2; p++) {
            String partition = Integer.toString(p);
            assertThat(scrape.sum("lanes_partition_messagesin_total", "topic", "traffic", "partition", partition))
                    .isEqualTo(records / 2.0);
            assertThat(scrape.sum("kafka_log_log_logendoffset", "topic", "traffic", "partition", partition))
                    .isEqualTo(records / 2.0);
            assertThat(scrape.sum("lanes_partition_bytesin_total", "topic", "traffic", "partition", partition))
                    .isEqualTo(scrape.sum("kafka_log_log_size", "topic", "traffic", "partition", partition));
        }
        assertThat(scrape.sum("kafka_log_log_logstartoffset", "topic", "traffic")).isZero();
        });
    }

    @Test
    void shouldCountRecordsOutPerPartitionWhenAConsumerReadsThem() throws Exception {
        // given: 3 records in partition 0 and 300 in partition 1, in several batches
        createTopic("records-out", 2);
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, "2000"))) {
            for (int i = 0; i < 303; i++) {
                producer.send(new ProducerRecord<>("records-out", i < 3 ? 0 : 1, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
        Scrape before = Scrape.of(httpPort);
        assertThat(before.sum("lanes_partition_messagesout_total", "topic", "records-out")).isZero();

        // when
        int consumed = consumeAll("records-out", 2, 303);

        // then
        assertThat(consumed).isEqualTo(303);
        Eventually.scrape(httpPort, scrape -> {
            assertThat(scrape.sum("lanes_partition_messagesout_total", "topic", "records-out", "partition", "0"))
                    .isEqualTo(3);
            assertThat(scrape.sum("lanes_partition_messagesout_total", "topic", "records-out", "partition", "1"))
                    .isEqualTo(300);
            assertThat(scrape.sum("lanes_topic_messagesout_total", "topic", "records-out")).isEqualTo(303);
            assertThat(scrape.sum("lanes_partition_bytesout_total", "topic", "records-out", "partition", "1"))
                    .isEqualTo(scrape.sum("kafka_log_log_size", "topic", "records-out", "partition", "1"));
        });
    }

    @Test
    void shouldCountExpiredLongPollsWhenAConsumerWaitsOnAnIdlePartition() throws Exception {
        // given
        createTopic("idle", 1);
        double before = Scrape.of(httpPort).sum("kafka_server_delayedfetchmetrics_expirespersec_total",
                "fetcherType", "consumer");

        // when: every fetch of an idle partition waits its 20 ms and ends empty
        try (KafkaConsumer<String, String> consumer = consumer(null, Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20"))) {
            consumer.assign(List.of(new TopicPartition("idle", 0)));
            long deadline = System.currentTimeMillis() + 1_000;
            while (System.currentTimeMillis() < deadline) {
                assertThat(consumer.poll(Duration.ofMillis(100))).isEmpty();
            }
        }

        // then
        Eventually.scrape(httpPort, scrape -> assertThat(scrape.sum(
                "kafka_server_delayedfetchmetrics_expirespersec_total", "fetcherType", "consumer"))
                .isGreaterThan(before));
    }

    @Test
    void shouldCountRequestsLatenciesAndErrorCodesPerApiWhenClientsCallThem() throws Exception {
        // given
        createTopic("requests", 1);
        Scrape before = Scrape.of(httpPort);
        int sends = 20;

        // when: one produce request per record (acks=all waits for each), and a DeleteTopics of a missing topic
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0"))) {
            for (int i = 0; i < sends; i++) {
                producer.send(new ProducerRecord<>("requests", "k", "v" + i)).get();
            }
        }
        try (Admin admin = admin()) {
            assertThatThrownBy(() -> admin.deleteTopics(List.of("no-such-topic")).all().get())
                    .isInstanceOf(ExecutionException.class);
        }

        // then
        Eventually.scrape(httpPort, after -> {
        assertThat(after.sum("kafka_network_requestmetrics_requests_total", "request", "Produce")
                - before.sum("kafka_network_requestmetrics_requests_total", "request", "Produce")).isEqualTo(sends);
        assertThat(after.sum("kafka_network_requestmetrics_errors_total", "request", "Produce", "error", "NONE")
                - before.sum("kafka_network_requestmetrics_errors_total", "request", "Produce", "error", "NONE"))
                .isEqualTo(sends);
        assertThat(after.sum("kafka_network_requestmetrics_errors_total", "request", "DeleteTopics",
                "error", "UNKNOWN_TOPIC_OR_PARTITION")).isEqualTo(1);
        assertThat(after.sum("kafka_network_requestmetrics_totaltimems_count", "request", "Produce")
                - before.sum("kafka_network_requestmetrics_totaltimems_count", "request", "Produce")).isEqualTo(sends);
        assertThat(after.matching("kafka_network_requestmetrics_totaltimems", "request", "Produce", "quantile", "0.99"))
                .singleElement().satisfies(s -> assertThat(s.value()).isPositive());
        for (String stage : List.of("requestqueuetimems", "localtimems", "remotetimems", "responsequeuetimems",
                "responsesendtimems")) {
            assertThat(after.sum("kafka_network_requestmetrics_" + stage + "_count", "request", "Produce"))
                    .as(stage).isGreaterThanOrEqualTo(sends);
        }
        // fsync mode: each acks=all produce waited for a group commit
        assertThat(after.sum("lanes_produce_durable_ms_count") - before.sum("lanes_produce_durable_ms_count"))
                .isEqualTo(sends);
        assertThat(after.sum("kafka_log_logflushstats_logflushrateandtimems_count")).isGreaterThanOrEqualTo(sends);
        assertThat(after.sum("lanes_groupcommit_records_sum") - before.sum("lanes_groupcommit_records_sum"))
                .isGreaterThanOrEqualTo(sends);
        // an append's own fsync may finish before its produce starts waiting: then no waiter is released
        assertThat(after.sum("lanes_groupcommit_acks_sum") - before.sum("lanes_groupcommit_acks_sum"))
                .isBetween(1.0, (double) sends);
        });
    }

    @Test
    void shouldReportGroupMembersStateAndGenerationWhenConsumersJoin() throws Exception {
        // given
        createTopic("grouped", 4);
        try (KafkaConsumer<String, String> first = consumer("billing", Map.of());
             KafkaConsumer<String, String> second = consumer("billing", Map.of())) {
            first.subscribe(List.of("grouped"));
            second.subscribe(List.of("grouped"));

            // when: both poll until the group is stable with both of them
            long deadline = System.currentTimeMillis() + 30_000;
            while (first.assignment().size() + second.assignment().size() < 4 || first.assignment().isEmpty()
                    || second.assignment().isEmpty()) {
                first.poll(Duration.ofMillis(100));
                second.poll(Duration.ofMillis(100));
                assertThat(System.currentTimeMillis()).as("group formed").isLessThan(deadline);
            }

            // then
            Eventually.scrape(httpPort, scrape -> {
            assertThat(scrape.sum("lanes_group_members", "group", "billing", "type", "classic")).isEqualTo(2);
            assertThat(scrape.sum("lanes_group_state", "group", "billing", "state", "Stable")).isEqualTo(1);
            assertThat(scrape.sum("lanes_group_generation", "group", "billing")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.sum("kafka_coordinator_group_groupmetadatamanager_numgroupsstable")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.sum("kafka_server_socket_server_metrics_connection_count")).isGreaterThanOrEqualTo(2);
            });
        }
    }

    @Test
    void shouldCountCommittedAndAbortedTransactionsWhenAProducerEndsThem() throws Exception {
        // given
        createTopic("payments", 1);
        Scrape before = Scrape.of(httpPort);
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1"))) {
            producer.initTransactions();

            // when: two commits, one abort, one left open
            for (int i = 0; i < 2; i++) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("payments", "k", "committed"));
                producer.commitTransaction();
            }
            producer.beginTransaction();
            // (acknowledged first: a producer that has not added a partition yet aborts without asking the broker)
            producer.send(new ProducerRecord<>("payments", "k", "aborted")).get();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("payments", "k", "open")).get();

            // then
            Eventually.scrape(httpPort, during -> {
            assertThat(during.sum("lanes_transactions_committed_total") - before.sum("lanes_transactions_committed_total"))
                    .isEqualTo(2);
            assertThat(during.sum("lanes_transactions_aborted_total") - before.sum("lanes_transactions_aborted_total"))
                    .isEqualTo(1);
            assertThat(during.sum("lanes_transactions_open")).isEqualTo(1);
            });
        }
    }

    @Test
    void shouldExportJvmAndProcessMetricsWhenScraped() throws Exception {
        // when
        Scrape scrape = Scrape.of(httpPort);

        // then
        assertThat(scrape.sum("jvm_memory_used_bytes")).isPositive();
        assertThat(scrape.has("jvm_gc_pause_seconds_count") || scrape.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
        assertThat(scrape.has("process_cpu_usage")).isTrue();
        assertThat(scrape.sum("process_files_open_files")).isPositive();
        assertThat(scrape.sum("disk_free_bytes")).isPositive();
        assertThat(scrape.has("lanes_request_trailing_bytes_total")).isTrue();
    }

    @Test
    void shouldAnswerOnlyGetWhenAClientPostsOrAsksForAnUnknownPath() throws Exception {
        // given
        HttpClient client = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + httpPort + "/metrics");

        // when
        var post = client.send(HttpRequest.newBuilder(metrics).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var unknown = Scrape.get(httpPort, "/nothing-here");

        // then
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    private static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(Map<String, String> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1"));
        config.putAll(overrides);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String group, Map<String, String> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        config.putAll(overrides);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static int consumeAll(String topic, int partitions, int expected) {
        try (KafkaConsumer<String, String> consumer = consumer(null, Map.of())) {
            List<TopicPartition> tps = new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            int count = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (count < expected && System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                count += records.count();
            }
            return count;
        }
    }
}
