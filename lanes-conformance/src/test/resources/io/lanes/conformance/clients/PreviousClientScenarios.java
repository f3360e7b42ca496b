import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scenarios run by whatever kafka-clients is on the class path (the test runs it with the previous client line,
 * in a child JVM, in Java's single-file source mode): an idempotent producer and a classic group consumer that
 * commits, a consumer protocol (KIP-848) group, transactions read by read_committed and read_uncommitted
 * consumers, and Admin creating and describing topics, describing groups and listing offsets.
 *
 * <p>Usage: {@code java -cp <kafka-clients and its dependencies> PreviousClientScenarios.java <bootstrap servers>}.
 * Prints one line {@code scenario: observation} per observation and exits 0, or prints {@code FAILED scenario:
 * cause} and exits 1. Topic and group names are fixed: run it once per broker.
 */
public class PreviousClientScenarios {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrap;

    PreviousClientScenarios(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public static void main(String[] args) {
        PreviousClientScenarios scenarios = new PreviousClientScenarios(args[0]);
        System.out.println("client: version=" + AppInfoParser.getVersion());
        boolean ok = scenarios.run("idempotent-classic", scenarios::idempotentProducerAndClassicGroup)
                & scenarios.run("consumer-protocol", scenarios::consumerProtocolGroup)
                & scenarios.run("transactions", scenarios::transactions)
                & scenarios.run("admin", scenarios::admin);
        System.exit(ok ? 0 : 1);
    }

    interface Scenario {
        void run(String name) throws Exception;
    }

    private boolean run(String name, Scenario scenario) {
        try {
            scenario.run(name);
            return true;
        } catch (Exception e) {
            System.out.println("FAILED " + name + ": " + e);
            e.printStackTrace();
            return false;
        }
    }

    private static void print(String scenario, String key, Object value) {
        System.out.println(scenario + ": " + key + "=" + value);
    }

    void idempotentProducerAndClassicGroup(String name) throws Exception {
        String topic = "previous-classic";
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get();
            }
        }
        try (KafkaConsumer<String, String> consumer = consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, topic + "-group",
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"))) {
            consumer.subscribe(List.of(topic));
            List<String> values = values(poll(consumer, 10));
            consumer.commitSync();
            print(name, "consumed", values);
            print(name, "committed", consumer.committed(Set.of(tp)).get(tp).offset());
        }
    }

    void consumerProtocolGroup(String name) throws Exception {
        String topic = "previous-consumer";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i)).get();
            }
        }
        try (KafkaConsumer<String, String> consumer = consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, topic + "-group",
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"))) {
            consumer.subscribe(List.of(topic));
            List<String> values = values(poll(consumer, 6));
            values.sort(null);
            consumer.commitSync();
            Map<Integer, Long> committed = new TreeMap<>();
            consumer.committed(consumer.assignment()).forEach((tp, offset) -> committed.put(tp.partition(), offset.offset()));
            print(name, "consumed", values);
            print(name, "committed", committed);
            print(name, "member epoch positive", consumer.groupMetadata().generationId() > 0);
        }
    }

    void transactions(String name) throws Exception {
        String topic = "previous-txn";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, 0, "k", "committed-2"));
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2, "first")),
                    new ConsumerGroupMetadata(topic + "-group"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "aborted-1"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "committed-3"));
            producer.commitTransaction();
        }
        print(name, "read_committed", readAll(topic, "read_committed"));
        print(name, "read_uncommitted", readAll(topic, "read_uncommitted"));
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(topic + "-group")
                    .partitionsToOffsetAndMetadata().get();
            offsets.forEach((tp, offset) -> print(name, "group offset " + tp, offset.offset() + "/" + offset.metadata()));
        }
    }

    void admin(String name) throws Exception {
        String topic = "previous-admin";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            print(name, "partitions", described.partitions().size());
            print(name, "topic id assigned", !Uuid.ZERO_UUID.equals(described.topicId()));
            print(name, "internal", described.isInternal());
            for (String group : List.of("previous-classic-group", "previous-consumer-group")) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                print(name, group, description.type() + " " + description.groupState() + " members="
                        + description.members().size());
            }
            TopicPartition classic = new TopicPartition("previous-classic", 0);
            TopicPartition txn = new TopicPartition("previous-txn", 0);
            print(name, "earliest " + classic, admin.listOffsets(Map.of(classic, OffsetSpec.earliest())).partitionResult(classic).get().offset());
            print(name, "latest " + classic, admin.listOffsets(Map.of(classic, OffsetSpec.latest())).partitionResult(classic).get().offset());
            print(name, "latest read_committed " + txn, admin.listOffsets(Map.of(txn, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(txn).get().offset());
        }
    }

    private List<String> readAll(String topic, String isolation) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not reach offset " + end + " of " + tp);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }

    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (records.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("polled " + records.size() + " of " + count + " records");
            }
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        List<String> values = new ArrayList<>();
        records.forEach(r -> values.add(r.value()));
        return values;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
