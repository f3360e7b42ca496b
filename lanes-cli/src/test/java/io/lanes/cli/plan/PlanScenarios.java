package io.lanes.cli.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanes plan partitions} against a real broker (supplied by the subclass): rates measured from a
 * producer and a consumer group running at known rates, the key space sampled from the topic, and the
 * errors. Every scenario uses its own topic and group.
 */
abstract class PlanScenarios {
    private static final int PRODUCE_RATE = 600;
    private static final int CONSUMER_RATE = 150;
    private static final int CONSUMERS = 2;

    /** The {@code bootstrap.servers} of the broker under test. */
    protected abstract String bootstrapServers();

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @AfterEach
    void stopLoad() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }

    @Test
    void shouldMeasureTheProduceAndPerConsumerRatesWhenGivenATopicAndAGroup() throws Exception {
        // given: 600 records/s produced; 2 consumers of 150 records/s each, committing after every poll
        String topic = topic("measured", 4);
        String group = "planner-" + UUID.randomUUID();
        start("producer", () -> producePaced(topic));
        List<AtomicBoolean> assigned = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            AtomicBoolean has = new AtomicBoolean();
            assigned.add(has);
            start("consumer-" + i, () -> consumePaced(topic, group, has));
        }
        awaitTrue("both consumers have partitions", () -> assigned.stream().allMatch(AtomicBoolean::get));
        Thread.sleep(2000); // past the first commits, so lag is building and commits advance steadily

        // when
        CliRun run = CliRun.of("plan", "partitions", "--bootstrap", bootstrapServers(), "--topic", topic,
                "--group", group, "--window", "4s", "--output", "json");

        // then
        assertThat(failure.get()).isNull();
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        double peak = json.at("/plan/peakRate/value").asDouble();
        double perConsumer = json.at("/plan/perConsumerRate/value").asDouble();
        assertThat(peak).isBetween(PRODUCE_RATE * 0.7, PRODUCE_RATE * 1.3);
        assertThat(perConsumer).isBetween(CONSUMER_RATE * 0.7, CONSUMER_RATE * 1.3);
        assertThat(json.at("/plan/peakRate/source").asText()).startsWith("measured on " + topic + " over ");
        assertThat(json.at("/plan/perConsumerRate/source").asText()).startsWith("measured on " + group + " over ")
                .endsWith(CONSUMERS + " members");
        assertThat(json.at("/measured/members").asInt()).isEqualTo(CONSUMERS);
        assertThat(json.at("/measured/saturated").asBoolean()).isTrue();
        assertThat(json.at("/plan/minimum").asLong()).isEqualTo((long) Math.ceil(peak / perConsumer));
        assertThat(json.at("/currentPartitions").asInt()).isEqualTo(4);
        assertThat(json.at("/keySpace/distinctKeys").asLong()).isPositive();

        // when: the same in a table
        CliRun table = CliRun.of("plan", "partitions", "--bootstrap", bootstrapServers(), "--topic", topic,
                "--group", group, "--window", "2s");

        // then: it says what it measured and what the measurement means
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("peak rate: +[0-9.]+ records/s \\(measured on " + topic + " over ")
                .containsPattern("per-consumer rate: [0-9.]+ records/s \\(measured on " + group + " over ")
                .contains("note: records were waiting for the group throughout the window",
                        "note: the produce rate is the rate during the window, not necessarily the peak");
    }

    @Test
    void shouldWarnOfASmallKeySpaceAndOfRemappingWhenTheTopicHasFewKeys() throws Exception {
        // given: 200 records over 20 keys in 3 partitions
        String topic = topic("few-keys", 3);
        produce(topic, 200, 20);

        // when
        CliRun run = CliRun.of("plan", "partitions", "--bootstrap", bootstrapServers(), "--topic", topic,
                "--peak-rate", "1000", "--per-consumer-rate", "100");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(
                "topic:             " + topic + " (3 partitions now)",
                "recommended:       12 partitions = ceil(minimum * (1 + headroom)) = ceil(10 * 1.2)",
                "keys:              20 distinct (counted in all 200 records)",
                "warning: only 20 distinct keys (under 1,000)",
                "warning: " + topic + " has 3 partitions: adding partitions to a keyed topic remaps keys");
    }

    @Test
    void shouldExitWith2AndCreateNothingWhenTheTopicIsUnknown() throws Exception {
        // given
        String topic = "no-such-topic-" + UUID.randomUUID();

        // when
        CliRun run = CliRun.of("plan", "partitions", "--bootstrap", bootstrapServers(), "--topic", topic,
                "--peak-rate", "1000", "--per-consumer-rate", "100", "--timeout", "5");

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("lanes plan partitions: unknown topic " + topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }

    @Test
    void shouldExitWith2WhenNothingIsProducedDuringTheWindow() throws Exception {
        // given
        String topic = topic("idle", 2);
        produce(topic, 10, 10);

        // when
        CliRun run = CliRun.of("plan", "partitions", "--bootstrap", bootstrapServers(), "--topic", topic,
                "--per-consumer-rate", "100", "--window", "1s");

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("lanes plan partitions: nothing was produced to " + topic + " during the ")
                .doesNotContain("\n");
    }

    @Test
    void shouldExitWith2WhenTheGroupHasNoMembers() throws Exception {
        // given: records keep coming, but nobody consumes them
        String topic = topic("unconsumed", 2);
        start("producer", () -> producePaced(topic));

        // when
        CliRun run = CliRun.of("plan", "partitions", "--bootstrap", bootstrapServers(), "--topic", topic,
                "--group", "nobody-" + UUID.randomUUID(), "--window", "1s");

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("lanes plan partitions: group nobody-").contains("has no members");
    }

    private void start(String name, ThrowingRunnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, name);
        threads.add(thread);
        thread.start();
    }

    /** Sends {@value #PRODUCE_RATE} records/s until the test ends, keys spread over 5,000 values. */
    private void producePaced(String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            Pacer pacer = new Pacer(PRODUCE_RATE);
            for (int i = 0; running.get(); i++) {
                pacer.await();
                producer.send(new ProducerRecord<>(topic, "k" + (i % 5000), "v" + i), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
        }
    }

    /** Processes at most {@value #CONSUMER_RATE} records/s and commits after every poll, until the test ends. */
    private void consumePaced(String topic, String group, AtomicBoolean assigned) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers(), "group.id", group,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName(),
                "enable.auto.commit", false, "auto.offset.reset", "earliest", "max.poll.records", 20);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            Pacer pacer = new Pacer(CONSUMER_RATE);
            while (running.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                assigned.set(!consumer.assignment().isEmpty());
                for (ConsumerRecord<String, String> ignored : records) {
                    pacer.await(); // the "processing" of one record
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Object> producerConfig() {
        // not idempotent: see SkewScenarios (stalls of the first batches on a freshly started cluster)
        return Map.of("bootstrap.servers", bootstrapServers(), "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName(), "linger.ms", 5, "enable.idempotence", false,
                "acks", "all");
    }

    private void produce(String topic, int count, int keys) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % keys), "v" + i)));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> future : sent) {
                future.get();
            }
        }
    }

    private String topic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
            awaitTrue("leaders of " + topic, () -> leadersElected(admin, topic));
        }
        return topic;
    }

    private static boolean leadersElected(Admin admin, String topic) throws Exception {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // the node asked has not heard of the new topic yet
            }
            throw e;
        }
    }

    private void awaitTrue(String what, ThrowingCondition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.holds()) {
            if (failure.get() != null) {
                throw new AssertionError("failed while waiting until " + what, failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Lets a loop run at most {@code rate} times per second, catching up after short stalls only. */
    private static final class Pacer {
        private final long periodNanos;
        private long next = System.nanoTime();

        Pacer(int rate) {
            this.periodNanos = 1_000_000_000L / rate;
        }

        void await() throws InterruptedException {
            long now = System.nanoTime();
            if (next < now - 1_000_000_000L) {
                next = now; // after a long stall (a rebalance), do not burst to make up for it
            }
            long wait = next - now;
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += periodNanos;
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @FunctionalInterface
    private interface ThrowingCondition {
        boolean holds() throws Exception;
    }
}
