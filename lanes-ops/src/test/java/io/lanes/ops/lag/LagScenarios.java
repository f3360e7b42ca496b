package io.lanes.ops.lag;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lag verdicts end to end on a real broker: a producer keeps writing, a scripted committer
 * commits what a consumer in trouble would, and a {@link LagMonitor} with a short window (about
 * 3.5 s, commits at least 500 ms apart: on a 3-node cluster the high watermark moves in steps, so
 * closer commits could see the lag go down for a moment) judges it. The broker comes from the
 * subclass.
 */
abstract class LagScenarios {
    private static final Duration OBSERVE = Duration.ofMillis(3500);
    private static final Duration TICK = Duration.ofMillis(250);

    protected abstract String bootstrapServers();

    private final ExecutorService background = Executors.newFixedThreadPool(2);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean committing = new AtomicBoolean(true);
    private String topic;
    private String group;

    @BeforeEach
    void createTopic() throws Exception {
        topic = "lag-" + UUID.randomUUID();
        group = "lag-group-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        background.shutdown();
        assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Writes a first 100 records (replicated before it returns), then a record every 5 ms or so
     * without waiting for each, so the high watermark moves smoothly, until the test ends.
     */
    private void produceSteadily() throws Exception {
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers(),
                "linger.ms", 0), new StringSerializer(), new StringSerializer());
        for (int i = 0; i < 100; i++) {
            producer.send(new ProducerRecord<>(topic, "k", "v" + i));
        }
        producer.flush();
        background.submit(() -> {
            try (producer) {
                while (running.get()) {
                    producer.send(new ProducerRecord<>(topic, "k", "v"));
                    Thread.sleep(5);
                }
            }
            return null;
        });
    }

    /** What a scripted consumer commits next, given its last commit; it may ask the broker with its consumer. */
    private interface NextCommit {
        long after(long offset, KafkaConsumer<String, String> committer);
    }

    private void commitEvery(Duration interval, long first, LongUnaryOperator next) throws Exception {
        commitEvery(interval, first, (offset, committer) -> next.applyAsLong(offset));
    }

    /** Commits {@code first}, then every {@code interval} the next offset from {@code next}, until the test ends. */
    private void commitEvery(Duration interval, long first, NextCommit next) throws Exception {
        KafkaConsumer<String, String> committer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers(),
                "group.id", group, "enable.auto.commit", false), new StringDeserializer(), new StringDeserializer());
        TopicPartition tp = new TopicPartition(topic, 0);
        committer.commitSync(Map.of(tp, new OffsetAndMetadata(first)));
        background.submit(() -> {
            try (committer) {
                long offset = first;
                while (running.get() && committing.get()) {
                    Thread.sleep(interval.toMillis());
                    offset = next.after(offset, committer);
                    committer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
                }
            }
            return null;
        });
    }

    private LagReport observe() throws Exception {
        LagSettings settings = LagSettings.defaults().withGroups(List.of(group)).withMinDistance(Duration.ofMillis(500))
                .withRequestTimeout(Duration.ofSeconds(10));
        try (LagMonitor monitor = LagMonitor.open(Map.of("bootstrap.servers", bootstrapServers()), settings)) {
            long end = System.nanoTime() + OBSERVE.toNanos();
            while (System.nanoTime() < end) {
                monitor.tick();
                Thread.sleep(TICK.toMillis());
            }
            monitor.tick();
            return monitor.report();
        }
    }

    private PartitionLag onlyPartition(LagReport report) {
        assertThat(report.groups()).extracting(GroupLag::group).containsExactly(group);
        return report.groups().get(0).partitions().get(0);
    }

    @Test
    void shouldReportStopWhenConsumerStopsCommitting() throws Exception {
        // given
        produceSteadily();
        committing.set(false);
        commitEvery(Duration.ofMillis(200), 10, offset -> offset); // one commit, then nothing

        // when
        LagReport report = observe();

        // then
        PartitionLag partition = onlyPartition(report);
        assertThat(partition.status()).as(partition.rule() + " " + partition.window()).isEqualTo(LagStatus.STOP);
        assertThat(report.groups().get(0).status()).isEqualTo(LagStatus.ERR);
        assertThat(partition.lag()).isPositive();
    }

    @Test
    void shouldWarnWhenConsumerFallsBehind() throws Exception {
        // given: about 200 records a second written, under 2 a second committed; commits further
        // apart than the window's minimum distance, so each is judged against a log end that moved
        produceSteadily();
        commitEvery(Duration.ofMillis(600), 10, offset -> offset + 1);

        // when
        LagReport report = observe();

        // then
        PartitionLag partition = onlyPartition(report);
        assertThat(partition.status()).as(partition.rule() + " " + partition.window()).isEqualTo(LagStatus.WARN);
        assertThat(report.groups().get(0).status()).isEqualTo(LagStatus.WARN);
    }

    @Test
    void shouldReportRewindWhenCommittedOffsetGoesBack() throws Exception {
        // given: 50, 55, 60, then back to 20 and on from there
        produceSteadily();
        commitEvery(Duration.ofMillis(200), 50, offset -> offset == 60 ? 20 : offset + 5);

        // when
        LagReport report = observe();

        // then
        PartitionLag partition = onlyPartition(report);
        assertThat(partition.status()).as(partition.rule() + " " + partition.window()).isEqualTo(LagStatus.REWIND);
        assertThat(report.groups().get(0).status()).isEqualTo(LagStatus.ERR);
    }

    @Test
    void shouldReportStallWhenCommitsRepeatOneOffsetAndTheCommitLogIsReadable() throws Exception {
        // given
        produceSteadily();
        commitEvery(Duration.ofMillis(200), 10, offset -> offset);

        // when
        LagReport report = observe();

        // then: every commit is read from __consumer_offsets (Kafka's record format on both brokers), so the
        // repeated offset is told from commits that stopped
        assertThat(report.commitSource().followsCommitLog()).as(report.commitSource().description()).isTrue();
        assertThat(onlyPartition(report).status()).as(report.commitSource().description()).isEqualTo(LagStatus.STALL);
    }

    @Test
    void shouldBeOkWithLagInSecondsWhenConsumerKeepsUp() throws Exception {
        // given: commits follow the log end
        produceSteadily();
        TopicPartition tp = new TopicPartition(topic, 0);
        commitEvery(Duration.ofMillis(200), 100, (offset, committer) -> committer.endOffsets(List.of(tp)).get(tp));

        // when
        LagReport report = observe();

        // then
        PartitionLag partition = onlyPartition(report);
        assertThat(partition.status()).as(partition.rule()).isEqualTo(LagStatus.OK);
        assertThat(partition.lagSeconds()).isNotNull().isBetween(0.0, 5.0);
    }
}
