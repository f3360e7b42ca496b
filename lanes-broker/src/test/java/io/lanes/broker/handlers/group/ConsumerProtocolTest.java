package io.lanes.broker.handlers.group;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** KIP-848 consumer groups end to end with the official Java consumer (group.protocol=consumer). */
class ConsumerProtocolTest {
    @TempDir
    Path dataDir;

    private LanesBroker broker;
    private final List<AutoCloseable> clients = new ArrayList<>();
    /** Every record consumed, by "partition:offset", with how many times. */
    private final Map<String, Integer> consumed = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "num.partitions", "3",
                "offsets.topic.num.partitions", "4",
                "group.consumer.heartbeat.interval.ms", "200")));
    }

    private KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        clients.add(consumer);
        return consumer;
    }

    /** Subscribes; the positions of revoked partitions are committed before they move on. */
    private static void subscribe(KafkaConsumer<String, String> consumer, String topic) {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    consumer.commitSync();
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
    }

    private void produce(String topic, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private Admin admin() {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        clients.add(admin);
        return admin;
    }

    /** Polls every consumer (committing what each poll returned) until the condition holds (at most 60 s). */
    @SafeVarargs
    private void pollUntil(BooleanSupplier condition, KafkaConsumer<String, String>... consumers) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition not met in time").isLessThan(deadline);
            for (KafkaConsumer<String, String> consumer : consumers) {
                var records = consumer.poll(Duration.ofMillis(50));
                for (ConsumerRecord<String, String> record : records) {
                    consumed.merge(record.partition() + ":" + record.offset(), 1, Integer::sum);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
    }

    @Test
    void shouldConsumeEveryRecordOnceWhenSecondConsumerJoinsAndFirstLeaves() throws Exception {
        // given
        start();
        admin().createTopics(List.of(new NewTopic("events", 3, (short) 1))).all().get();
        produce("events", 0, 30);
        KafkaConsumer<String, String> first = consumer("kip848");
        subscribe(first, "events");
        pollUntil(() -> consumed.size() == 30 && first.assignment().size() == 3, first);

        // when a second consumer joins
        produce("events", 30, 30);
        KafkaConsumer<String, String> second = consumer("kip848");
        subscribe(second, "events");
        pollUntil(() -> consumed.size() == 60 && first.assignment().size() + second.assignment().size() == 3
                && !first.assignment().isEmpty() && !second.assignment().isEmpty(), first, second);

        // then the partitions are split and described as a consumer group
        Set<TopicPartition> union = new HashSet<>(first.assignment());
        union.addAll(second.assignment());
        assertThat(union).hasSize(3);
        ConsumerGroupDescription described = admin().describeConsumerGroups(List.of("kip848"))
                .describedGroups().get("kip848").get();
        assertThat(described.type()).isEqualTo(GroupType.CONSUMER);
        assertThat(described.members()).hasSize(2);
        assertThat(admin().listGroups(ListGroupsOptions.forConsumerGroups()).all().get())
                .anySatisfy(g -> {
                    assertThat(g.groupId()).isEqualTo("kip848");
                    assertThat(g.type()).contains(GroupType.CONSUMER);
                });

        // when the first leaves, the second gets its partitions and continues from the commits
        first.close();
        clients.remove(first);
        produce("events", 60, 30);
        pollUntil(() -> consumed.size() == 90 && second.assignment().size() == 3, second);

        // then
        assertThat(consumed.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
        Map<TopicPartition, OffsetAndMetadata> committed = second.committed(second.assignment());
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(90);
    }
}
