package io.lanes.conformance.differential;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.readAll;
import static io.lanes.conformance.java.Clients.topicName;

/** A clean restart of each broker on its own data: what clients see before and after. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RestartDifferentialTest {

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.withDefaults();

    @Test
    void shouldKeepTheSameDataOffsetsAndConfigsWhenRestarted() throws Exception {
        // given
        Scenario<Map<String, Object>> restart = broker -> {
            String topic = topicName("restarted");
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            Map<String, Object> observation = new LinkedHashMap<>();
            List<Long> sameProducerOffsets = new ArrayList<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 2, Map.of("retention.ms", "86400000", "cleanup.policy", "delete"));
            }
            try (KafkaProducer<String, String> producer = producer(broker, ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 90_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000)) {
                for (int i = 0; i < 40; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 2, 1_000L + i, "key-" + (i % 5), "before-" + i));
                }
                producer.flush();
                try (Admin admin = admin(broker)) {
                    admin.deleteRecords(Map.of(partitions.get(1), RecordsToDelete.beforeOffset(7))).all().get();
                }

                // the restart, under a connected idempotent producer
                broker.restart();

                for (int i = 0; i < 4; i++) {
                    sameProducerOffsets.add(producer.send(new ProducerRecord<>(topic, 0, 2_000L + i, "key", "after-" + i))
                            .get().offset());
                }
            }
            observation.put("same producer after restart", sameProducerOffsets);
            try (Admin admin = admin(broker)) {
                Map<String, Object> offsets = new LinkedHashMap<>();
                for (TopicPartition p : partitions) {
                    offsets.put(p.partition() + " earliest", admin.listOffsets(Map.of(p, OffsetSpec.earliest())).partitionResult(p).get().offset());
                    offsets.put(p.partition() + " latest", admin.listOffsets(Map.of(p, OffsetSpec.latest())).partitionResult(p).get().offset());
                    offsets.put(p.partition() + " ts 1010", admin.listOffsets(Map.of(p, OffsetSpec.forTimestamp(1_010))).partitionResult(p).get().offset());
                }
                observation.put("offsets", offsets);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                observation.put("retention.ms", admin.describeConfigs(List.of(resource)).all().get().get(resource)
                        .get("retention.ms").value());
            }
            // Intentional difference #4: a single node never changes leader, so Lanes keeps leader
            // epoch 0 where Kafka's restart bumps it; every other field of each record is compared.
            observation.put("records", ProduceFetchDifferentialTest.describeAll(readAll(broker, partitions)).stream()
                    .map(record -> record.replaceAll(" leaderEpoch=\\S+$", ""))
                    .toList());
            return observation;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(restart);

        // then
        observed.assertLanesMatchesKafka();
    }
}
