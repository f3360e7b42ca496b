package io.lanes.broker.handlers.group;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetMetadataTooLarge;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Consumer groups end to end with the official Java consumer (classic protocol). */
class GroupConsumerTest {
    @TempDir
    Path dataDir;

    private LanesBroker broker;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private LanesBroker start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "num.partitions", "3",
                "offsets.topic.num.partitions", "4",
                "group.initial.rebalance.delay.ms", "0",
                "group.min.session.timeout.ms", "500")));
        return broker;
    }

    private KafkaConsumer<String, String> consumer(String group, String... extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "200");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        clients.add(consumer);
        return consumer;
    }

    private void produce(String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < count; i++) {
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

    private void createTopic(String topic, int partitions) throws Exception {
        admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    /** Polls every consumer until the condition holds (at most 30 s). */
    @SafeVarargs
    private static void pollUntil(BooleanSupplier condition, KafkaConsumer<String, String>... consumers) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition not met in time").isLessThan(deadline);
            for (KafkaConsumer<String, String> consumer : consumers) {
                consumer.poll(Duration.ofMillis(50));
            }
        }
    }

    @Test
    void shouldShareThreePartitionsWhenOneThenThreeConsumersJoin() throws Exception {
        // given
        start();
        createTopic("orders", 3);
        produce("orders", 30);
        KafkaConsumer<String, String> first = consumer("billing");
        first.subscribe(List.of("orders"));
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (seen.size() < 30 && System.currentTimeMillis() < deadline) {
            first.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        assertThat(seen).hasSize(30);
        assertThat(first.assignment()).hasSize(3);
        first.commitSync();

        // when
        KafkaConsumer<String, String> second = consumer("billing");
        KafkaConsumer<String, String> third = consumer("billing");
        second.subscribe(List.of("orders"));
        third.subscribe(List.of("orders"));
        pollUntil(() -> first.assignment().size() == 1 && second.assignment().size() == 1
                && third.assignment().size() == 1, first, second, third);

        // then
        Set<TopicPartition> all = new HashSet<>();
        all.addAll(first.assignment());
        all.addAll(second.assignment());
        all.addAll(third.assignment());
        assertThat(all).hasSize(3);
        Map<TopicPartition, OffsetAndMetadata> committed = second.committed(all);
        assertThat(committed.values()).allSatisfy(o -> assertThat(o).isNotNull());
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(30);
        assertThat(first.groupMetadata().generationId()).isEqualTo(second.groupMetadata().generationId());
    }

    @Test
    void shouldKeepUnrevokedPartitionsWhenCooperativeStickyMemberJoins() throws Exception {
        // given
        start();
        createTopic("coop", 3);
        String assignor = CooperativeStickyAssignor.class.getName();
        KafkaConsumer<String, String> first = consumer("coop-group", ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        List<Collection<TopicPartition>> revokedFromFirst = new CopyOnWriteArrayList<>();
        first.subscribe(List.of("coop"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    revokedFromFirst.add(new ArrayList<>(partitions));
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        pollUntil(() -> first.assignment().size() == 3, first);

        // when
        KafkaConsumer<String, String> second = consumer("coop-group", ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        second.subscribe(List.of("coop"));
        pollUntil(() -> first.assignment().size() + second.assignment().size() == 3
                && !second.assignment().isEmpty() && first.assignment().size() == 2, first, second);

        // then
        assertThat(revokedFromFirst).hasSize(1);
        assertThat(revokedFromFirst.get(0)).hasSize(1).containsAll(second.assignment());
    }

    @Test
    void shouldResumeAtCommittedOffsetWhenBrokerRestarts() throws Exception {
        // given
        start();
        createTopic("restart", 3);
        produce("restart", 30);
        KafkaConsumer<String, String> consumer = consumer("resumer");
        consumer.subscribe(List.of("restart"));
        int[] count = {0};
        pollUntil(() -> {
            count[0] += consumer.poll(Duration.ofMillis(50)).count();
            return count[0] == 30;
        });
        consumer.commitSync();
        consumer.close();
        clients.remove(consumer);

        // when
        broker.close();
        start();
        produce("restart", 9);
        KafkaConsumer<String, String> resumed = consumer("resumer");
        resumed.subscribe(List.of("restart"));
        List<ConsumerRecord<String, String>> after = new ArrayList<>();
        pollUntil(() -> {
            resumed.poll(Duration.ofMillis(50)).forEach(after::add);
            return after.size() >= 9;
        });

        // then
        assertThat(after).hasSize(9);
        assertThat(after).allSatisfy(r -> assertThat(r.offset()).isGreaterThanOrEqualTo(r.offset()));
        assertThat(after.stream().map(ConsumerRecord::value).toList()).allSatisfy(v ->
                assertThat(Integer.parseInt(v.substring("value-".length()))).isLessThan(9));
    }

    @Test
    void shouldReturnMetadataByteForByteWhenCommittedWith4096Bytes() throws Exception {
        // given
        start();
        createTopic("meta", 1);
        KafkaConsumer<String, String> consumer = consumer("meta-group");
        TopicPartition tp = new TopicPartition("meta", 0);
        consumer.assign(List.of(tp));
        StringBuilder metadata = new StringBuilder();
        for (int i = 0; i < 4096; i++) {
            metadata.append((char) ('!' + i % 90));
        }

        // when
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(7, metadata.toString())));

        // then
        assertThat(consumer.committed(Set.of(tp)).get(tp).metadata()).isEqualTo(metadata.toString());
        assertThatThrownBy(() -> consumer.commitSync(Map.of(tp, new OffsetAndMetadata(8, metadata + "x"))))
                .isInstanceOf(OffsetMetadataTooLarge.class);
    }

    @Test
    void shouldKeepAssignmentWhenStaticMemberRestartsWithinSessionTimeout() throws Exception {
        // given
        start();
        createTopic("static", 2);
        KafkaConsumer<String, String> a = consumer("static-group", ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "a");
        KafkaConsumer<String, String> b = consumer("static-group", ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b");
        a.subscribe(List.of("static"));
        b.subscribe(List.of("static"));
        pollUntil(() -> a.assignment().size() == 1 && b.assignment().size() == 1, a, b);
        int generation = a.groupMetadata().generationId();
        Set<TopicPartition> assignedToB = new HashSet<>(b.assignment());

        // when
        b.close();
        clients.remove(b);
        KafkaConsumer<String, String> restarted = consumer("static-group", ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b");
        restarted.subscribe(List.of("static"));
        pollUntil(() -> restarted.assignment().size() == 1, a, restarted);
        for (int i = 0; i < 5; i++) {
            a.poll(Duration.ofMillis(50));
            restarted.poll(Duration.ofMillis(50));
        }

        // then
        assertThat(restarted.assignment()).isEqualTo(assignedToB);
        assertThat(restarted.groupMetadata().generationId()).isEqualTo(generation);
        assertThat(a.groupMetadata().generationId()).isEqualTo(generation);
    }
}
