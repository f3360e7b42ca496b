package io.lanes.conformance.java;

import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Java clients configured for tests against one broker, and small helpers around them. */
public final class Clients {

    private static final AtomicInteger TOPIC_COUNTER = new AtomicInteger();

    private Clients() {
    }

    /** A fresh topic name, unique in this JVM: {@code <hint>-<n>}. */
    public static String topicName(String hint) {
        return hint + "-" + TOPIC_COUNTER.incrementAndGet();
    }

    public static Admin admin(BrokerUnderTest broker) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        return Admin.create(config);
    }

    /**
     * A String producer with the client defaults (idempotent, acks=all) except shorter
     * timeouts; {@code overrides} are key, value pairs.
     */
    public static KafkaProducer<String, String> producer(BrokerUnderTest broker, Object... overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.putAll(pairs(overrides));
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /**
     * A String consumer without a group (use {@code assign}), reading from the earliest offset
     * unless overridden; {@code overrides} are key, value pairs.
     */
    public static KafkaConsumer<String, String> consumer(BrokerUnderTest broker, Object... overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.putAll(pairs(overrides));
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Creates a topic and waits until every partition answers ListOffsets, so the topic can be
     * used at once: Apache Kafka applies a new topic asynchronously (a produce right after
     * CreateTopics may get NOT_LEADER_OR_FOLLOWER, which can leave an idempotent producer
     * retrying OUT_OF_ORDER_SEQUENCE_NUMBER); a single-node broker may be ready at once.
     */
    public static void createTopic(Admin admin, String topic, int partitions, Map<String, String> configs)
            throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)))
                .all().get();
        awaitReady(admin, topic, partitions);
    }

    /** Waits until every partition of the topic answers ListOffsets(LATEST), for at most 15 s. */
    public static void awaitReady(Admin admin, String topic, int partitions) throws Exception {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                endOffsets(admin, tps);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Creates a topic with the broker's default replication and no configs. */
    public static void createTopic(Admin admin, String topic, int partitions) throws Exception {
        createTopic(admin, topic, partitions, Map.of());
    }

    /** The log end offset of each partition, through ListOffsets(LATEST). */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
                .all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Every record of the given partitions, from the log start to the end offset measured when
     * called, ordered by partition and offset.
     */
    public static List<ConsumerRecord<String, String>> readAll(BrokerUnderTest broker, List<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, Long> ends;
        try (Admin admin = admin(broker)) {
            ends = endOffsets(admin, partitions);
        }
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(broker)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read up to " + ends + " within 30 s; read " + records.size());
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        records.sort(Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /** Every record of every partition of a topic with {@code partitions} partitions. */
    public static List<ConsumerRecord<String, String>> readAll(BrokerUnderTest broker, String topic, int partitions)
            throws Exception {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        return readAll(broker, tps);
    }

    /** Polls until at least {@code count} records arrived or the timeout passed. */
    public static List<ConsumerRecord<String, String>> pollAtLeast(KafkaConsumer<String, String> consumer, int count,
                                                                   Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    /**
     * Runs an action that should fail and returns what the client threw, unwrapped from the
     * {@link ExecutionException} of a future; fails if nothing was thrown.
     */
    public static Throwable failureOf(ThrowingRunnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            return unwrap(t);
        }
        throw new AssertionError("Expected a failure but the action succeeded");
    }

    /** The cause behind future wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Calls {@code probe} until {@code done} accepts its result or 10 s pass, and returns the
     * last result. For state Apache Kafka applies asynchronously through its metadata log (such
     * as dynamic broker configs); a single-node broker may apply it at once.
     */
    public static <T> T eventually(Probe<T> probe, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T result = probe.get();
        while (!done.test(result) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            result = probe.get();
        }
        return result;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> pairs(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("Expected key, value pairs");
        }
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** A value read from a broker. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /** An action that may throw anything. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
