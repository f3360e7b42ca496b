package io.lanes.conformance.differential;

import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeleteRecordsOptions;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.topicName;

/** ListOffsets for every spec, DeleteRecords and DescribeLogDirs. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OffsetsDifferentialTest {

    /**
     * Create times, sent in this order as several batches: out of order, with duplicates, so
     * timestamp lookups must scan inside batches.
     */
    private static final long[] TIMESTAMPS = {1_000, 3_000, 2_000, 3_000, 8_000, 4_000, 4_000, 9_000, 5_000, 9_000,
            6_000, 7_000, 2_500, 10_000, 10_000, 1_500};

    /** Timestamps to look up: before, on, between and after the stored ones. */
    private static final long[] LOOKUPS = {-5, 0, 999, 1_000, 1_001, 2_000, 2_500, 2_600, 3_000, 4_500, 8_000, 9_000,
            9_500, 10_000, 10_001, Long.MAX_VALUE};

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.withDefaults();

    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"none", "zstd"})
    void shouldListTheSameOffsetsForEverySpecWhenTimestampsAreOutOfOrder(String compression) throws Exception {
        // given
        Scenario<Map<String, String>> listEverySpec = broker -> {
            TopicPartition partition = partitionWithTimestamps(broker, compression);
            try (Admin admin = admin(broker)) {
                return listAll(admin, partition);
            }
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(listEverySpec);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldListTheSameOffsetsWhenLogStartWasAdvancedByDeleteRecords() throws Exception {
        // given
        Scenario<Map<String, String>> listAfterDelete = broker -> {
            TopicPartition partition = partitionWithTimestamps(broker, "none");
            try (Admin admin = admin(broker)) {
                admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(6))).all().get();
                return listAll(admin, partition);
            }
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(listAfterDelete);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldListTheSameOffsetsWhenPartitionIsEmpty() throws Exception {
        // given
        Scenario<Map<String, String>> listEmpty = broker -> {
            String topic = topicName("empty");
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 1);
                return listAll(admin, new TopicPartition(topic, 0));
            }
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(listEmpty);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerListOffsetsTheSameWhenTopicOrPartitionIsMissing() throws Exception {
        // given
        Scenario<Map<String, Object>> missing = broker -> {
            String topic = topicName("one-partition");
            Map<String, Object> outcomes = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 1);
                outcomes.put("partition 3 of 1", Outcome.of(() -> describe(admin.listOffsets(
                        Map.of(new TopicPartition(topic, 3), OffsetSpec.latest()), new ListOffsetsOptions().timeoutMs(2000))
                        .partitionResult(new TopicPartition(topic, 3)).get())));
                TopicPartition unknown = new TopicPartition(topicName("unknown"), 0);
                outcomes.put("unknown topic", Outcome.of(() -> describe(admin.listOffsets(Map.of(unknown, OffsetSpec.latest()),
                                new ListOffsetsOptions().timeoutMs(2000))
                        .partitionResult(unknown).get())));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(missing);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerDeleteRecordsTheSameForEveryTarget() throws Exception {
        // given
        Scenario<Map<String, Object>> deletes = broker -> {
            TopicPartition partition = partitionWithTimestamps(broker, "none");
            Map<String, Object> outcomes = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                for (long before : new long[] {0, 4, 2, 4, TIMESTAMPS.length + 1L, -1, TIMESTAMPS.length, -7}) {
                    outcomes.put("before " + before, Outcome.of(() -> admin.deleteRecords(
                            Map.of(partition, RecordsToDelete.beforeOffset(before))).lowWatermarks().get(partition).get()
                            .lowWatermark()));
                }
                TopicPartition missing = new TopicPartition(partition.topic(), 5);
                outcomes.put("missing partition", Outcome.of(() -> admin.deleteRecords(
                        Map.of(missing, RecordsToDelete.beforeOffset(1)), new DeleteRecordsOptions().timeoutMs(2000)).lowWatermarks().get(missing).get().lowWatermark()));
                outcomes.put("after", listAll(admin, partition));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(deletes);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldDescribeLogDirsWithTheSameShape() throws Exception {
        // given
        Scenario<Map<String, Object>> logDirs = broker -> {
            TopicPartition partition = partitionWithTimestamps(broker, "none");
            Map<String, Object> observation = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                int nodeId = admin.describeCluster().nodes().get().iterator().next().id();
                Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(nodeId)).allDescriptions().get().get(nodeId);
                observation.put("dirs", dirs.size());
                LogDirDescription dir = dirs.values().iterator().next();
                observation.put("error", String.valueOf(dir.error()));
                ReplicaInfo replica = dir.replicaInfos().get(partition);
                observation.put("has partition", replica != null);
                observation.put("size positive", replica != null && replica.size() > 0);
                observation.put("offset lag", replica == null ? null : replica.offsetLag());
                observation.put("future", replica != null && replica.isFuture());
                observation.put("total bytes known", dir.totalBytes().isPresent());
                observation.put("usable bytes known", dir.usableBytes().isPresent());
                observation.put("unknown broker", Outcome.of(() -> admin.describeLogDirs(List.of(42),
                        new DescribeLogDirsOptions().timeoutMs(2000)).allDescriptions().get()));
            }
            return observation;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(logDirs);

        // then
        observed.assertLanesMatchesKafka();
    }

    private static TopicPartition partitionWithTimestamps(BrokerUnderTest broker, String compression) throws Exception {
        String topic = topicName("offsets");
        try (Admin admin = admin(broker);
             KafkaProducer<String, String> producer = producer(broker, ProducerConfig.COMPRESSION_TYPE_CONFIG, compression)) {
            createTopic(admin, topic, 1);
            for (int i = 0; i < TIMESTAMPS.length; i++) {
                producer.send(new ProducerRecord<>(topic, 0, TIMESTAMPS[i], "k" + i, "v" + i));
                if (i % 4 == 3) {
                    producer.flush(); // batches of four records
                }
            }
            producer.flush();
        }
        return new TopicPartition(topic, 0);
    }

    private static Map<String, String> listAll(Admin admin, TopicPartition partition) throws Exception {
        Map<String, OffsetSpec> specs = new LinkedHashMap<>();
        specs.put("earliest", OffsetSpec.earliest());
        specs.put("latest", OffsetSpec.latest());
        specs.put("max timestamp", OffsetSpec.maxTimestamp());
        specs.put("earliest local", OffsetSpec.earliestLocal());
        specs.put("latest tiered", OffsetSpec.latestTiered());
        specs.put("earliest pending upload", OffsetSpec.earliestPendingUpload());
        for (long lookup : LOOKUPS) {
            specs.put("timestamp " + lookup, OffsetSpec.forTimestamp(lookup));
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (Map.Entry<String, OffsetSpec> spec : specs.entrySet()) {
            results.put(spec.getKey(), String.valueOf(Outcome.of(() -> describe(
                    admin.listOffsets(Map.of(partition, spec.getValue())).partitionResult(partition).get()))));
        }
        return results;
    }

    private static String describe(ListOffsetsResultInfo info) {
        return "offset=" + info.offset() + " timestamp=" + info.timestamp() + " leaderEpoch=" + info.leaderEpoch().orElse(null);
    }
}
