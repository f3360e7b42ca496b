package io.lanes.processor;

import io.lanes.processor.internal.FailureHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor's behaviour against a real broker with real clients. The broker is supplied by
 * the subclass (one per class), so the same scenarios run on embedded Lanes and on an Apache
 * Kafka cluster; every scenario uses its own topics and group.
 */
abstract class ProcessorScenarios {

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

    private <K, V> LanesProcessor<K, V> started(LanesProcessorBuilder<K, V> builder) {
        LanesProcessor<K, V> processor = builder.build();
        processors.add(processor);
        processor.start();
        return processor;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- ordering

    @Test
    void shouldKeepPerKeyOrderAndRunBeyondThePartitionCountWhenOrderingIsKey() throws Exception {
        // given 4 partitions, 40 keys of 25 records each, and null-key records on partition 2
        String topic = cluster.createTopic("key-order", 4);
        for (int seq = 0; seq < 25; seq++) {
            for (int key = 0; key < 40; key++) {
                cluster.sendAsync(topic, null, "k" + key, "k" + key + ":" + seq);
            }
            cluster.sendAsync(topic, 2, null, "null:" + seq);
        }
        cluster.flush();
        OrderWitness witness = new OrderWitness();

        // when
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(Cluster.unique("g")))
                .topics(topic).ordering(Ordering.KEY).maxConcurrency(32)
                .handler(record -> {
                    String[] parts = record.value().split(":");
                    String lane = parts[0].equals("null") ? "null-p" + record.partition() : record.key();
                    witness.enter(lane, Integer.parseInt(parts[1]), record.value());
                    pause(2);
                    witness.exit(lane);
                }));

        // then
        await("all records are handled", Duration.ofSeconds(30), () -> witness.handled().size() >= 1025);
        pause(200);
        assertThat(witness.violations()).isEmpty();
        assertThat(witness.handled()).hasSize(1025).doesNotHaveDuplicates();
        assertThat(witness.maxRunning()).isGreaterThan(4);
    }

    @Test
    void shouldCompareByteArrayKeysByContentWhenOrderingIsKey() throws Exception {
        // given two keys sent as bytes, each record a new array
        String topic = cluster.createTopic("bytes-key", 1);
        for (int seq = 0; seq < 30; seq++) {
            cluster.sendAsync(topic, 0, "a", "a:" + seq);
            cluster.sendAsync(topic, 0, "b", "b:" + seq);
        }
        cluster.flush();
        OrderWitness witness = new OrderWitness();

        // when
        started(LanesProcessor.<byte[], String>builder().consumerConfig(cluster.consumerConfig(Cluster.unique("g")))
                .keyDeserializer(new ByteArrayDeserializer()).topics(topic).maxConcurrency(8)
                .handler(record -> {
                    String lane = new String(record.key(), StandardCharsets.UTF_8);
                    witness.enter(lane, Integer.parseInt(record.value().split(":")[1]), record.value());
                    pause(3);
                    witness.exit(lane);
                }));

        // then: the two keys ran side by side, each in order
        await("all records are handled", Duration.ofSeconds(20), () -> witness.handled().size() >= 60);
        assertThat(witness.violations()).isEmpty();
        assertThat(witness.maxRunning()).isEqualTo(2);
    }

    @Test
    void shouldHandleOneRecordAtATimePerPartitionWhenOrderingIsPartition() throws Exception {
        // given
        String topic = cluster.createTopic("partition-order", 3);
        for (int i = 0; i < 300; i++) {
            cluster.sendAsync(topic, null, "k" + i, String.valueOf(i));
        }
        cluster.flush();
        OrderWitness witness = new OrderWitness();
        Map<Integer, AtomicInteger> sequences = new ConcurrentHashMap<>();

        // when
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(Cluster.unique("g")))
                .topics(topic).ordering(Ordering.PARTITION).maxConcurrency(16)
                .handler(record -> {
                    String lane = "p" + record.partition();
                    // the n-th record of a partition is its offset n: offsets are the lane's sequence
                    witness.enter(lane, (int) record.offset(), record.value());
                    sequences.computeIfAbsent(record.partition(), p -> new AtomicInteger()).incrementAndGet();
                    pause(1);
                    witness.exit(lane);
                }));

        // then
        await("all records are handled", Duration.ofSeconds(30), () -> witness.handled().size() >= 300);
        assertThat(witness.violations()).isEmpty();
        assertThat(witness.maxRunning()).isBetween(2, 3);
    }

    @Test
    void shouldRunRecordsOfOneKeyConcurrentlyWhenUnordered() throws Exception {
        // given one key, one partition
        String topic = cluster.createTopic("unordered", 1);
        for (int i = 0; i < 200; i++) {
            cluster.sendAsync(topic, 0, "same", String.valueOf(i));
        }
        cluster.flush();
        OrderWitness witness = new OrderWitness();

        // when
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(Cluster.unique("g")))
                .topics(topic).ordering(Ordering.UNORDERED).maxConcurrency(8)
                .handler(record -> {
                    witness.enterUnordered(record.value());
                    pause(5);
                    witness.exitUnordered();
                }));

        // then
        await("all records are handled", Duration.ofSeconds(20), () -> witness.handled().size() >= 200);
        assertThat(witness.handled()).doesNotHaveDuplicates();
        assertThat(witness.maxRunning()).isEqualTo(8);
    }

    // ---------------------------------------------------------------- commits

    @Test
    void shouldProcessOnlyTheIncompleteRecordWhenRestartedAfterOutOfOrderCompletion() throws Exception {
        // given 20 distinct keys on one partition; the record at offset 3 never completes in the first run
        String topic = cluster.createTopic("resume", 1);
        for (int i = 0; i < 20; i++) {
            cluster.send(topic, 0, "k" + i, String.valueOf(i));
        }
        String group = Cluster.unique("g");
        List<Long> firstRun = new CopyOnWriteArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        LanesProcessor<String, String> first = started(LanesProcessor.<String, String>builder()
                .consumerConfig(cluster.consumerConfig(group)).topics(topic).maxConcurrency(4)
                .drainTimeout(Duration.ofMillis(200))
                .handler(record -> {
                    if (record.offset() == 3) {
                        never.await();
                    }
                    firstRun.add(record.offset());
                }));
        await("19 records complete", Duration.ofSeconds(20), () -> firstRun.size() == 19);

        // when the first run closes with offset 3 still running, and a second run starts
        first.close(Duration.ofSeconds(5));
        OffsetAndMetadata committed = cluster.committed(group).get(new TopicPartition(topic, 0));
        List<Long> secondRun = new CopyOnWriteArrayList<>();
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(group)).topics(topic)
                .handler(record -> secondRun.add(record.offset())));

        // then the commit was the incomplete offset with the rest in its metadata, and only it runs again
        assertThat(committed.offset()).isEqualTo(3);
        assertThat(committed.metadata()).startsWith("lanes:1:");
        await("offset 3 is processed again", Duration.ofSeconds(20), () -> !secondRun.isEmpty());
        pause(1_000);
        assertThat(secondRun).containsExactly(3L);
    }

    @Test
    void shouldStopDispatchBeyondTheMetadataWindowWhenTheLimitIsSmall() throws Exception {
        // given a 24-character metadata limit (a window of 88 offsets) and a first record that is stuck
        int window = (int) io.lanes.processor.internal.OffsetMetadataCodec.maxSpan(24);
        String topic = cluster.createTopic("window", 1);
        for (int i = 0; i < 300; i++) {
            cluster.sendAsync(topic, 0, "k" + i, String.valueOf(i));
        }
        cluster.flush();
        String group = Cluster.unique("g");
        CountDownLatch release = new CountDownLatch(1);
        List<Long> handled = new CopyOnWriteArrayList<>();

        // when
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(group)).topics(topic)
                .maxConcurrency(8).offsetMetadataMaxBytes(24).commitInterval(Duration.ofMillis(100))
                .handler(record -> {
                    if (record.offset() == 0) {
                        release.await();
                    }
                    handled.add(record.offset());
                }));
        await("the window is handled", Duration.ofSeconds(20), () -> handled.size() >= window - 1);
        pause(500);
        List<Long> beforeRelease = new ArrayList<>(handled);
        OffsetAndMetadata committed = cluster.committed(group).get(new TopicPartition(topic, 0));
        release.countDown();

        // then nothing beyond the window ran while offset 0 was stuck, the commit fit, and all ran after
        assertThat(window).isEqualTo(88);
        assertThat(beforeRelease).hasSize(window - 1).allMatch(offset -> offset < window);
        assertThat(committed.offset()).isZero();
        assertThat(committed.metadata().length()).isLessThanOrEqualTo(24);
        await("all records are handled", Duration.ofSeconds(20), () -> handled.size() >= 300);
        assertThat(handled).doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- backpressure

    @Test
    void shouldBoundMemoryAndKeepOtherKeysFlowingWithoutRebalanceWhenOneKeyIsStuck() throws Exception {
        // given a stuck key on partition 0 and other keys on partition 1, a 2 s max.poll.interval.ms
        String topic = cluster.createTopic("stuck", 2);
        for (int i = 0; i < 300; i++) {
            cluster.sendAsync(topic, 0, "stuck", "stuck:" + i);
            cluster.sendAsync(topic, 1, "k" + (i % 30), "k:" + i);
        }
        cluster.flush();
        Map<String, Object> config = cluster.consumerConfig(Cluster.unique("g"));
        config.put("max.poll.interval.ms", 2_000);
        config.put("max.poll.records", 10);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stuckCalls = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Double> bufferedSeen = new CopyOnWriteArrayList<>();

        // when the first stuck record blocks for 5 s (over two poll intervals)
        started(LanesProcessor.<String, String>builder().consumerConfig(config).topics(topic).maxConcurrency(8)
                .maxBufferedPerPartition(20).meterRegistry(registry)
                .handler(record -> {
                    if (record.value().equals("stuck:0")) {
                        stuckCalls.incrementAndGet();
                        release.await(5, TimeUnit.SECONDS);
                    }
                    handled.add(record.value());
                }));
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4)) {
            bufferedSeen.add(registry.get("lanes.processor.records.buffered").gauge().value());
            pause(50);
        }
        long otherKeysDone = handled.stream().filter(v -> v.startsWith("k:")).count();
        double bufferedAtEnd = registry.get("lanes.processor.records.buffered").gauge().value();
        double paused = registry.get("lanes.processor.partitions.paused").gauge().value();
        release.countDown();

        // then the other partition's keys all ran, each partition held at most its limit plus one poll
        assertThat(otherKeysDone).isEqualTo(300);
        assertThat(Collections.max(bufferedSeen)).isLessThanOrEqualTo(2 * (20 + 10));
        assertThat(bufferedAtEnd).isBetween(20.0, 20.0 + 10);
        assertThat(paused).isGreaterThanOrEqualTo(1);
        await("the stuck key drains in order", Duration.ofSeconds(20), () -> handled.size() >= 600);
        List<String> stuckOrder = handled.stream().filter(v -> v.startsWith("stuck:")).toList();
        assertThat(stuckOrder).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(stuckOrder.get(i)).isEqualTo("stuck:" + i);
        }
        // no rebalance took the partition away and gave the stuck record to a handler again
        assertThat(stuckCalls).hasValue(1);
    }

    // ---------------------------------------------------------------- rebalances

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void shouldKeepKeyOrderAndHandleEachRecordOnceWhenMembersJoinAndLeaveUnderLoad(String protocol) throws Exception {
        // given 6 partitions and a producer that keeps writing 60 keys
        String topic = cluster.createTopic("rebalance-" + protocol, 6);
        String group = Cluster.unique("g");
        int keys = 60;
        int perKey = 50;
        OrderWitness witness = new OrderWitness();
        Thread producer = new Thread(() -> {
            for (int seq = 0; seq < perKey; seq++) {
                for (int key = 0; key < keys; key++) {
                    cluster.sendAsync(topic, null, "k" + key, "k" + key + ":" + seq);
                }
                cluster.flush();
                pause(40);
            }
        });
        Map<String, Object> config = cluster.consumerConfig(group);
        config.put("group.protocol", protocol);
        if (protocol.equals("classic")) {
            config.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        }
        RecordHandler<String, String> handler = record -> {
            witness.enter(record.key(), Integer.parseInt(record.value().split(":")[1]), record.value());
            pause(1);
            witness.exit(record.key());
        };

        // when members join and leave while records flow
        producer.start();
        LanesProcessor<String, String> a = started(LanesProcessor.<String, String>builder().consumerConfig(config)
                .topics(topic).maxConcurrency(16).handler(handler));
        await("a handles records", Duration.ofSeconds(20), () -> witness.handled().size() > 200);
        started(LanesProcessor.<String, String>builder().consumerConfig(config).topics(topic).maxConcurrency(16).handler(handler));
        await("more records flow", Duration.ofSeconds(20), () -> witness.handled().size() > 1000);
        a.close(Duration.ofSeconds(20));
        started(LanesProcessor.<String, String>builder().consumerConfig(config).topics(topic).maxConcurrency(16).handler(handler));
        producer.join();

        // then every record ran once, and each key in order and never twice at a time
        await("all records are handled", Duration.ofSeconds(60), () -> witness.handled().size() >= keys * perKey);
        pause(500);
        assertThat(witness.violations()).isEmpty();
        assertThat(witness.handled()).hasSize(keys * perKey).doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- failures

    @Test
    void shouldRetryWithBackoffKeepingKeyOrderThenDeadLetterWhenHandlerKeepsFailing() throws Exception {
        // given a failing record followed by another of the same key, on partition 1 of 2
        String topic = cluster.createTopic("dlt", 2);
        cluster.send(topic, 1, "k", "bad");
        cluster.send(topic, 1, "k", "good");
        String group = Cluster.unique("g");
        List<Long> badAttempts = new CopyOnWriteArrayList<>();
        List<String> order = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // when
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(group)).topics(topic)
                .meterRegistry(registry)
                .handler(record -> {
                    order.add(record.value());
                    if (record.value().equals("bad")) {
                        badAttempts.add(System.nanoTime());
                        throw new IllegalStateException("boom bad");
                    }
                }));

        // then 3 attempts, 100 ms then 200 ms apart, before the next record of the key
        await("the next record runs", Duration.ofSeconds(20), () -> order.contains("good"));
        assertThat(order).containsExactly("bad", "bad", "bad", "good");
        assertThat(TimeUnit.NANOSECONDS.toMillis(badAttempts.get(1) - badAttempts.get(0))).isGreaterThanOrEqualTo(100);
        assertThat(TimeUnit.NANOSECONDS.toMillis(badAttempts.get(2) - badAttempts.get(1))).isGreaterThanOrEqualTo(200);
        // and the dead letter went to <topic>-dlt, same partition, with Spring Kafka's headers
        List<ConsumerRecord<byte[], byte[]>> dead = cluster.readAll(topic + "-dlt", 1, Duration.ofSeconds(10));
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = dead.get(0);
        assertThat(cluster.partitionCount(topic + "-dlt")).isEqualTo(2);
        assertThat(letter.partition()).isEqualTo(1);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("bad");
        assertThat(header(letter, FailureHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topic.getBytes(StandardCharsets.UTF_8));
        assertThat(header(letter, FailureHeaders.DLT_ORIGINAL_PARTITION)).isEqualTo(ByteBuffer.allocate(4).putInt(1).array());
        assertThat(header(letter, FailureHeaders.DLT_ORIGINAL_OFFSET)).isEqualTo(ByteBuffer.allocate(8).putLong(0).array());
        assertThat(header(letter, FailureHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo(group.getBytes(StandardCharsets.UTF_8));
        assertThat(header(letter, FailureHeaders.DLT_EXCEPTION_FQCN)).asString().isEqualTo("java.lang.IllegalStateException");
        assertThat(header(letter, FailureHeaders.DLT_EXCEPTION_MESSAGE)).asString().isEqualTo("boom bad");
        // and the metrics saw it
        assertThat(registry.get("lanes.processor.records.failed").tag("topic", topic).counter().count()).isEqualTo(3);
        assertThat(registry.get("lanes.processor.records.retried").tag("topic", topic).counter().count()).isEqualTo(2);
        assertThat(registry.get("lanes.processor.records.dead.lettered").tag("topic", topic).counter().count()).isEqualTo(1);
        assertThat(registry.get("lanes.processor.records.processed").tag("topic", topic).counter().count()).isEqualTo(1);
        assertThat(registry.get("lanes.processor.handler.latency").timer().count()).isEqualTo(4);
        assertThat(registry.get("lanes.processor.record.latency").timer().count()).isEqualTo(2);
        assertThat(registry.get("lanes.processor.records.in.flight").gauge().value()).isZero();
    }

    @Test
    void shouldDeadLetterNonRetryableFailureAtOnce() throws Exception {
        // given
        String topic = cluster.createTopic("fatal", 1);
        cluster.send(topic, 0, "k", "bad");
        AtomicInteger calls = new AtomicInteger();

        // when
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(Cluster.unique("g")))
                .topics(topic).retryPolicy(RetryPolicy.DEFAULT.withNonRetryable(IllegalArgumentException.class))
                .handler(record -> {
                    calls.incrementAndGet();
                    throw new IllegalArgumentException("never valid");
                }));

        // then
        List<ConsumerRecord<byte[], byte[]>> dead = cluster.readAll(topic + "-dlt", 1, Duration.ofSeconds(15));
        assertThat(dead).hasSize(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldSendPoisonPillRawBytesToDeadLetterAndContinueWhenValueCannotBeDeserialized() throws Exception {
        // given a value deserializer that rejects one record
        String topic = cluster.createTopic("poison", 1);
        cluster.send(topic, 0, "k", "one");
        cluster.send(topic, 0, "k", "poison!");
        cluster.send(topic, 0, "k", "three");
        Deserializer<String> picky = (t, data) -> {
            String text = new String(data, StandardCharsets.UTF_8);
            if (text.startsWith("poison")) {
                throw new SerializationException("cannot read " + text);
            }
            return text;
        };
        List<String> handled = new CopyOnWriteArrayList<>();

        // when
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(Cluster.unique("g")))
                .valueDeserializer(picky).topics(topic).handler(record -> handled.add(record.value())));

        // then
        await("the records around the pill run", Duration.ofSeconds(15), () -> handled.size() >= 2);
        assertThat(handled).containsExactly("one", "three");
        List<ConsumerRecord<byte[], byte[]>> dead = cluster.readAll(topic + "-dlt", 1, Duration.ofSeconds(10));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo("poison!".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead.get(0), FailureHeaders.DLT_EXCEPTION_FQCN)).asString()
                .isEqualTo(SerializationException.class.getName());
        assertThat(header(dead.get(0), FailureHeaders.DLT_ORIGINAL_OFFSET)).isEqualTo(ByteBuffer.allocate(8).putLong(1).array());
    }

    @Test
    void shouldPassThroughRetryTopicsWithTheirDelaysBeforeTheDeadLetter() throws Exception {
        // given retry topics of 300 ms and 600 ms, no retry in place
        String topic = cluster.createTopic("retry", 2);
        cluster.send(topic, 1, "k", "bad");
        List<String> topicsSeen = new CopyOnWriteArrayList<>();
        List<Long> times = new CopyOnWriteArrayList<>();

        // when
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(Cluster.unique("g")))
                .topics(topic).retryPolicy(RetryPolicy.noRetry())
                .retryTopics(Duration.ofMillis(300), Duration.ofMillis(600))
                .handler(record -> {
                    topicsSeen.add(record.topic() + "/" + record.partition());
                    times.add(System.currentTimeMillis());
                    throw new IllegalStateException("still failing");
                }));

        // then
        List<ConsumerRecord<byte[], byte[]>> dead = cluster.readAll(topic + "-dlt", 1, Duration.ofSeconds(20));
        assertThat(topicsSeen).containsExactly(topic + "/1", topic + "-retry-0/1", topic + "-retry-1/1");
        assertThat(times.get(1) - times.get(0)).isGreaterThanOrEqualTo(300);
        assertThat(times.get(2) - times.get(1)).isGreaterThanOrEqualTo(600);
        assertThat(cluster.partitionCount(topic + "-retry-0")).isEqualTo(2);
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = dead.get(0);
        assertThat(letter.partition()).isEqualTo(1);
        assertThat(header(letter, FailureHeaders.ORIGINAL_TOPIC)).asString().isEqualTo(topic);
        assertThat(header(letter, FailureHeaders.ORIGINAL_OFFSET)).isEqualTo(ByteBuffer.allocate(8).putLong(0).array());
        assertThat(header(letter, FailureHeaders.RETRY_ATTEMPTS)).isEqualTo(ByteBuffer.allocate(4).putInt(4).array());
        assertThat(new BigInteger(header(letter, FailureHeaders.RETRY_ORIGINAL_TIMESTAMP)).longValue())
                .isLessThanOrEqualTo(times.get(0));
        assertThat(new BigInteger(header(letter, FailureHeaders.RETRY_BACKOFF_TIMESTAMP)).longValue())
                .isGreaterThanOrEqualTo(times.get(2));
        assertThat(letter.headers().headers(FailureHeaders.ORIGINAL_TOPIC)).hasSize(1);
        assertThat(letter.headers().headers(FailureHeaders.RETRY_ATTEMPTS)).hasSize(3);
    }

    @Test
    void shouldBlockTheKeyUntilTheDeadLetterCanBeWrittenWhenTheDeadLetterTopicRejectsIt() throws Exception {
        // given a dead-letter topic that rejects the record (its max.message.bytes is too small)
        String topic = cluster.createTopic("unwritable", 1);
        String deadLetterTopic = topic + "-dlt";
        cluster.admin().createTopics(List.of(new NewTopic(deadLetterTopic, Optional.of(1), Optional.empty())
                .configs(Map.of("max.message.bytes", "200")))).all().get();
        cluster.send(topic, 0, "k", "bad");
        cluster.send(topic, 0, "k", "after");
        cluster.send(topic, 0, "other", "other");
        List<String> handled = new CopyOnWriteArrayList<>();
        started(LanesProcessor.<String, String>builder().consumerConfig(cluster.consumerConfig(Cluster.unique("g")))
                .topics(topic).retryPolicy(RetryPolicy.noRetry())
                .handler(record -> {
                    handled.add(record.value());
                    if (record.value().equals("bad")) {
                        throw new IllegalStateException("bad record");
                    }
                }));

        // when the dead letter cannot be written
        await("the other key runs", Duration.ofSeconds(15), () -> handled.contains("other"));
        pause(1_000);

        // then the key stays blocked
        assertThat(handled).containsExactlyInAnyOrder("bad", "other");

        // when the topic accepts it again
        cluster.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, deadLetterTopic),
                List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"), AlterConfigOp.OpType.SET)))).all().get();

        // then the dead letter is written and the key moves on
        await("the key moves on", Duration.ofSeconds(30), () -> handled.contains("after"));
        assertThat(cluster.readAll(deadLetterTopic, 1, Duration.ofSeconds(10))).hasSize(1);
    }

    static byte[] header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return header.value();
    }
}
