package io.lanes.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** End-to-end through the real network stack with the official Java clients. */
class LanesBrokerTest {
    @TempDir
    Path dataDir;

    private BrokerConfig config(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "num.partitions", "3"));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return BrokerConfig.from(props);
    }

    @Test
    void shouldReturnRecordsInProducedOrderWhenConsumedFromEachPartition() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            List<RecordMetadata> acked = produce(broker, "orders", 300);

            // when
            Map<Integer, List<ConsumerRecord<String, String>>> byPartition = consumeAll(broker, "orders", 3, 300);

            // then
            assertThat(byPartition.values().stream().mapToInt(List::size).sum()).isEqualTo(300);
            for (RecordMetadata metadata : acked) {
                ConsumerRecord<String, String> stored = byPartition.get(metadata.partition()).get((int) metadata.offset());
                assertThat(stored.offset()).isEqualTo(metadata.offset());
            }
            byPartition.values().forEach(records -> assertThat(records)
                    .extracting(ConsumerRecord::offset)
                    .isSorted());
        }
    }

    @Test
    void shouldKeepRecordsWhenBrokerRestarts() throws Exception {
        // given
        try (LanesBroker broker = LanesBroker.start(config())) {
            produce(broker, "restart", 50);
        }

        // when
        try (LanesBroker broker = LanesBroker.start(config())) {
            // then
            assertThat(consumeAll(broker, "restart", 3, 50).values().stream().mapToInt(List::size).sum()).isEqualTo(50);
            produce(broker, "restart", 10);
            assertThat(consumeAll(broker, "restart", 3, 60).values().stream().mapToInt(List::size).sum()).isEqualTo(60);
        }
    }

    @Test
    void shouldListTopicWhenCreatedByProducer() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            // given
            produce(broker, "listed", 1);

            // when
            var names = admin.listTopics().names().get();

            // then
            assertThat(names).contains("listed");
        }
    }

    private static List<RecordMetadata> produce(LanesBroker broker, String topic, int count) throws Exception {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 17), "value-" + i)));
            }
            producer.flush();
        }
        List<RecordMetadata> acked = new ArrayList<>();
        for (Future<RecordMetadata> f : futures) {
            acked.add(f.get());
        }
        return acked;
    }

    private static Map<Integer, List<ConsumerRecord<String, String>>> consumeAll(LanesBroker broker, String topic,
                                                                                 int partitions, int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                byPartition.put(p, new ArrayList<>());
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.currentTimeMillis() + 15_000;
            int received = 0;
            while (received < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.get(record.partition()).add(record);
                    received++;
                }
            }
        }
        return byPartition;
    }
}
