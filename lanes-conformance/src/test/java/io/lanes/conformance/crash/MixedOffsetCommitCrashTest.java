package io.lanes.conformance.crash;

import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transactional offset commits (a transactional producer's {@code sendOffsetsToTransaction}, then commit or abort)
 * and plain {@code commitSync}s to the same group and the same partitions, concurrently, while the broker is
 * SIGKILLed ({@code lanes.durability=fsync}) and restarted on its data directory. Afterwards OffsetFetch (Admin
 * {@code listConsumerGroupOffsets}, stable offsets only) must answer, for every partition, an offset some client
 * committed and was not told had aborted, and no acknowledged commit may have been lost: no commit acknowledged
 * to a client started after the commit whose offset is returned was acknowledged. With one writer per
 * partition that is exactly "the latest acknowledged commit"; when commits overlap in time either may win.
 *
 * <p>Every commit writes a value no other commit writes, so the value found tells which commit it came from.
 */
class MixedOffsetCommitCrashTest {
    private static final String TOPIC = "mixed-commits";
    private static final String GROUP = "mixed-committers";
    private static final int PARTITIONS = 4;
    private static final int TXN_WRITERS = 2;
    private static final int PLAIN_WRITERS = 2;
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path workDir;

    private BrokerProcess broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** How a commit ended, as its client saw it. */
    enum Outcome { ACKNOWLEDGED, ABORTED, UNKNOWN }

    /** One commit of {@code value} to {@code partitions}, between {@code startNanos} and {@code endNanos}. */
    record Commit(String writer, long value, List<Integer> partitions, long startNanos, long endNanos, Outcome outcome) {
    }

    @Test
    void shouldReturnTheLatestAcknowledgedOffsetWhenTransactionalAndPlainCommitsRaceAKillNine() throws Exception {
        // given
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir, Map.of("lanes.durability", "fsync"));
        Topics.create(broker.bootstrapServers(), TOPIC, PARTITIONS);
        AtomicLong values = new AtomicLong();
        ConcurrentLinkedQueue<Commit> commits = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < TXN_WRITERS; i++) {
            writers.add(new Thread(new TransactionalWriter("txn-" + i, values, commits), "txn-writer-" + i));
        }
        for (int i = 0; i < PLAIN_WRITERS; i++) {
            writers.add(new Thread(new PlainWriter("plain-" + i, values, commits), "plain-writer-" + i));
        }

        // when
        writers.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged(commits) < ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int acknowledgedBeforeKill = acknowledged(commits);
        broker.kill9();
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(60));
        }
        broker.start();
        Map<Integer, Long> found = stableOffsets(broker.bootstrapServers());

        // then
        assertThat(acknowledgedBeforeKill).as("commits acknowledged before the kill").isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(writers).noneMatch(Thread::isAlive);
        List<Commit> all = List.copyOf(commits);
        Map<Long, Commit> byValue = new HashMap<>();
        all.forEach(c -> byValue.put(c.value(), c));
        for (int partition = 0; partition < PARTITIONS; partition++) {
            int p = partition;
            List<Commit> acked = all.stream().filter(c -> c.partitions().contains(p)
                    && c.outcome() == Outcome.ACKNOWLEDGED).toList();
            assertThat(found).as("partition %d has a committed offset", p).containsKey(p);
            Commit source = byValue.get(found.get(p));
            assertThat(source).as("partition %d: offset %d comes from a commit of a client", p, found.get(p)).isNotNull();
            assertThat(source.partitions()).as("partition %d: commit %s wrote it", p, source).contains(p);
            assertThat(source.outcome()).as("partition %d: offset of an aborted transaction %s", p, source)
                    .isNotEqualTo(Outcome.ABORTED);
            if (source.outcome() == Outcome.ACKNOWLEDGED) {
                assertThat(acked).as("partition %d: acknowledged commits that started after %s was acknowledged "
                        + "(lost by the restart)", p, source).noneMatch(c -> c.startNanos() > source.endNanos());
            }
        }
    }

    private static int acknowledged(ConcurrentLinkedQueue<Commit> commits) {
        return (int) commits.stream().filter(c -> c.outcome() == Outcome.ACKNOWLEDGED).count();
    }

    /**
     * The group's committed offsets of every partition, asked with requireStable: a partition that an open
     * transaction of a killed producer still holds answers UNSTABLE_OFFSET_COMMIT (which Admin leaves out) until the
     * transaction times out, so this asks again until every partition answers.
     */
    private static Map<Integer, Long> stableOffsets(String bootstrap) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(TOPIC, p));
        }
        try (Admin admin = Topics.admin(bootstrap)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> offsets = null;
                try {
                    offsets = admin.listConsumerGroupOffsets(
                                    Map.of(GROUP, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)),
                                    new ListConsumerGroupOffsetsOptions().requireStable(true))
                            .partitionsToOffsetAndMetadata(GROUP).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                if (offsets != null && offsets.keySet().containsAll(partitions)) {
                    Map<Integer, Long> out = new HashMap<>();
                    offsets.forEach((tp, offset) -> {
                        if (offset != null) {
                            out.put(tp.partition(), offset.offset());
                        }
                    });
                    return out;
                }
                assertThat(System.nanoTime()).as("offsets still unstable: %s", offsets).isLessThan(deadline);
                Thread.sleep(500);
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(List<Integer> partitions, long value) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        partitions.forEach(p -> out.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(value)));
        return out;
    }

    /** One to all partitions, at random. */
    private static List<Integer> somePartitions(Random random) {
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            if (random.nextInt(3) > 0) {
                out.add(p);
            }
        }
        return out.isEmpty() ? List.of(random.nextInt(PARTITIONS)) : out;
    }

    /** A client that commits offsets: its name, the shared source of offset values and the log of its commits. */
    private abstract static class Writer implements Runnable {
        final String name;
        final AtomicLong values;
        final ConcurrentLinkedQueue<Commit> commits;

        Writer(String name, AtomicLong values, ConcurrentLinkedQueue<Commit> commits) {
            this.name = name;
            this.values = values;
            this.commits = commits;
        }
    }

    /** Commits offsets in transactions, aborting one in four, until the broker goes away. */
    private final class TransactionalWriter extends Writer {
        TransactionalWriter(String name, AtomicLong values, ConcurrentLinkedQueue<Commit> commits) {
            super(name, values, commits);
        }

        @Override
        public void run() {
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, name,
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
            Random random = new Random(name.hashCode());
            KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                    new StringSerializer());
            try {
                producer.initTransactions();
                while (true) {
                    long value = values.incrementAndGet();
                    List<Integer> partitions = somePartitions(random);
                    boolean abort = random.nextInt(4) == 0;
                    long start = System.nanoTime();
                    Outcome outcome = abort ? Outcome.ABORTED : Outcome.UNKNOWN;
                    try {
                        producer.beginTransaction();
                        producer.sendOffsetsToTransaction(offsets(partitions, value), new ConsumerGroupMetadata(GROUP));
                        if (abort) {
                            producer.abortTransaction();
                        } else {
                            producer.commitTransaction();
                            outcome = Outcome.ACKNOWLEDGED;
                        }
                    } catch (RuntimeException brokerGone) {
                        return; // an aborting transaction stays ABORTED: it can never commit
                    } finally {
                        commits.add(new Commit(name, value, partitions, start, System.nanoTime(), outcome));
                    }
                }
            } catch (RuntimeException brokerGone) {
                // the broker was killed before the producer got its id
            } finally {
                producer.close(Duration.ofSeconds(1));
            }
        }
    }

    /** Commits offsets with commitSync (a simple commit: no membership) until the broker goes away. */
    private final class PlainWriter extends Writer {
        PlainWriter(String name, AtomicLong values, ConcurrentLinkedQueue<Commit> commits) {
            super(name, values, commits);
        }

        @Override
        public void run() {
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
            Random random = new Random(name.hashCode());
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    new StringDeserializer());
            try {
                while (true) {
                    long value = values.incrementAndGet();
                    List<Integer> partitions = somePartitions(random);
                    long start = System.nanoTime();
                    Outcome outcome = Outcome.UNKNOWN;
                    try {
                        consumer.commitSync(offsets(partitions, value), Duration.ofSeconds(5));
                        outcome = Outcome.ACKNOWLEDGED;
                    } catch (RuntimeException brokerGone) {
                        return;
                    } finally {
                        commits.add(new Commit(name, value, partitions, start, System.nanoTime(), outcome));
                    }
                }
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
            }
        }
    }
}
