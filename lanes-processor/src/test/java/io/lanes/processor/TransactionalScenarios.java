package io.lanes.processor;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once output ({@link LanesProcessorBuilder#outputHandler}) against a real broker: outputs
 * and consumed offsets commit in one transaction, failed attempts leave no output, a
 * {@code read_committed} reader sees each output once, a fenced instance stops. The broker comes
 * from the subclass, so the same scenarios run on embedded Lanes and on an Apache Kafka cluster.
 */
abstract class TransactionalScenarios {

    private static final StringSerializer STRINGS = new StringSerializer();

    /** The {@code bootstrap.servers} of the broker under test. */
    protected abstract String bootstrapServers();

    private Cluster cluster;
    private final List<LanesProcessor<?, ?>> processors = new ArrayList<>();

    @BeforeEach
    void connect() {
        cluster = new Cluster(bootstrapServers());
    }

    @AfterEach
    void closeAll() {
        processors.forEach(p -> p.close(Duration.ofSeconds(10)));
        cluster.close();
    }

    private LanesProcessor<String, String> started(LanesProcessorBuilder<String, String> builder) {
        LanesProcessor<String, String> processor = builder.build();
        processors.add(processor);
        processor.start();
        return processor;
    }

    private LanesProcessorBuilder<String, String> builder(String group, String input) {
        return LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(group)).topics(input)
                .transactionalId(group + "-0");
    }

    private static void await(String what, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private void produce(String topic, int keys, int perKey, int from) {
        for (int seq = from; seq < from + perKey; seq++) {
            for (int key = 0; key < keys; key++) {
                cluster.sendAsync(topic, null, "k" + key, "k" + key + ":" + seq);
            }
        }
        cluster.flush();
    }

    private static List<String> expected(int keys, int perKey, String suffix) {
        List<String> values = new ArrayList<>();
        for (int seq = 0; seq < perKey; seq++) {
            for (int key = 0; key < keys; key++) {
                values.add("k" + key + ":" + seq + suffix);
            }
        }
        return values;
    }

    @Test
    void shouldCommitOutputsAndOffsetsTogetherWhenTheTransactionIsCut() throws Exception {
        // given 100 records, and a commit interval so long that only close cuts the transaction
        String input = cluster.createTopic("eos-in", 2);
        String output = cluster.createTopic("eos-out", 2);
        String group = Cluster.unique("g");
        produce(input, 10, 10, 0);
        AtomicInteger handled = new AtomicInteger();
        LanesProcessor<String, String> processor = started(builder(group, input).commitInterval(Duration.ofHours(1))
                .outputHandler(STRINGS, STRINGS, (record, out) -> {
                    out.send(output, record.key(), record.value() + ">out");
                    handled.incrementAndGet();
                }));

        // when every record was handled and its output written, inside the open transaction
        await("all records are handled", Duration.ofSeconds(30), () -> handled.get() >= 100);
        await("the outputs are in the log", Duration.ofSeconds(30),
                () -> cluster.readToEnd(output, "read_uncommitted", Duration.ofSeconds(10)).size() >= 100);

        // then neither outputs nor offsets are visible before the commit
        assertThat(cluster.readToEnd(output, "read_committed", Duration.ofSeconds(10))).isEmpty();
        assertThat(cluster.committed(group)).isEmpty();

        // when
        processor.close(Duration.ofSeconds(10));

        // then both are, together
        assertThat(values(cluster.readToEnd(output, "read_committed", Duration.ofSeconds(10))))
                .containsExactlyInAnyOrderElementsOf(expected(10, 10, ">out"));
        assertThat(cluster.committedToEnd(group, input)).isTrue();
    }

    @Test
    void shouldNotDuplicateOutputsWhenAFailedAttemptIsRetried() throws Exception {
        // given a handler that writes two outputs, then fails the first attempt at every third record
        String input = cluster.createTopic("eos-retry-in", 2);
        String output = cluster.createTopic("eos-retry-out", 2);
        String group = Cluster.unique("g");
        produce(input, 5, 12, 0);
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();

        // when
        started(builder(group, input).retryPolicy(RetryPolicy.exponential(3, Duration.ofMillis(10), 2, Duration.ofMillis(50)))
                .outputHandler(STRINGS, STRINGS, (record, out) -> {
                    out.send(output, record.key(), record.value() + ">a");
                    out.send(output, record.key(), record.value() + ">b");
                    int attempt = attempts.computeIfAbsent(record.value(), v -> new AtomicInteger()).incrementAndGet();
                    if (record.offset() % 3 == 0 && attempt == 1) {
                        throw new IllegalStateException("transient failure of " + record.value());
                    }
                    done.incrementAndGet();
                }));

        // then failed attempts wrote nothing, not even uncommitted, and each output is committed once
        await("all records are handled", Duration.ofSeconds(30), () -> done.get() >= 60);
        await("the offsets are committed", Duration.ofSeconds(30), () -> cluster.committedToEnd(group, input));
        assertThat(attempts.values().stream().filter(a -> a.get() == 2).count()).isGreaterThan(10);
        List<String> expected = new ArrayList<>(expected(5, 12, ">a"));
        expected.addAll(expected(5, 12, ">b"));
        assertThat(values(cluster.readToEnd(output, "read_committed", Duration.ofSeconds(10))))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(values(cluster.readToEnd(output, "read_uncommitted", Duration.ofSeconds(10))))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldShowEachOutputOnceInKeyOrderToReadCommittedWhenManyTransactionsAreCut() throws Exception {
        // given 2,000 records of 40 keys on 4 partitions, key-parallel, a transaction every 50 ms
        String input = cluster.createTopic("eos-many-in", 4);
        String output = cluster.createTopic("eos-many-out", 3);
        String group = Cluster.unique("g");
        produce(input, 40, 50, 0);

        // when
        started(builder(group, input).ordering(Ordering.KEY).maxConcurrency(16).commitInterval(Duration.ofMillis(50))
                .outputHandler(STRINGS, STRINGS, (record, out) -> {
                    if (record.offset() % 7 == 0) {
                        Thread.sleep(1);
                    }
                    out.send(output, record.key(), record.value());
                }));

        // then
        await("the offsets are committed", Duration.ofSeconds(60), () -> cluster.committedToEnd(group, input));
        List<ConsumerRecord<String, String>> outputs = cluster.readToEnd(output, "read_committed", Duration.ofSeconds(20));
        assertThat(values(outputs)).containsExactlyInAnyOrderElementsOf(expected(40, 50, ""));
        Map<String, Integer> lastSeq = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        for (ConsumerRecord<String, String> record : outputs) { // one key lives in one output partition
            int seq = Integer.parseInt(record.value().split(":")[1]);
            Integer previous = lastSeq.put(record.key(), seq);
            if (previous != null && seq != previous + 1) {
                outOfOrder.add(record.key() + " " + previous + " -> " + seq);
            }
        }
        assertThat(outOfOrder).isEmpty();
    }

    @Test
    void shouldStopWhenANewerInstanceFencesItsTransactionalIdAndLetTheNewOneFinish() throws Exception {
        // given a processor that committed its first 100 records
        String input = cluster.createTopic("eos-fence-in", 2);
        String output = cluster.createTopic("eos-fence-out", 2);
        String group = Cluster.unique("g");
        produce(input, 10, 10, 0);
        Set<String> handledByFirst = ConcurrentHashMap.newKeySet();
        LanesProcessor<String, String> first = started(builder(group, input)
                .outputHandler(STRINGS, STRINGS, (record, out) -> {
                    out.send(output, record.key(), record.value());
                    handledByFirst.add(record.value());
                }));
        await("the first records are committed", Duration.ofSeconds(30), () -> cluster.committedToEnd(group, input));

        // when a newer producer takes the transactional id over, and more records arrive
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers(), "transactional.id", group + "-0");
        try (KafkaProducer<String, String> newer = new KafkaProducer<>(config, STRINGS, STRINGS)) {
            newer.initTransactions();
        }
        produce(input, 10, 10, 10);

        // then the fenced processor stops
        await("the fenced processor stops", Duration.ofSeconds(30), () -> !first.isRunning());
        first.close(Duration.ofSeconds(5));

        // when a new instance with the same id takes over
        started(builder(group, input).outputHandler(STRINGS, STRINGS,
                (record, out) -> out.send(output, record.key(), record.value())));

        // then every output is visible exactly once
        await("all records are committed", Duration.ofSeconds(60), () -> cluster.committedToEnd(group, input));
        assertThat(values(cluster.readToEnd(output, "read_committed", Duration.ofSeconds(10))))
                .containsExactlyInAnyOrderElementsOf(expected(10, 20, ""));
        assertThat(handledByFirst).hasSizeGreaterThanOrEqualTo(100);
    }
}
