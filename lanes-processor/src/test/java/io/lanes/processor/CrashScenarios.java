package io.lanes.processor;

import io.lanes.processor.internal.OffsetMetadataCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor process SIGKILLed mid-run ({@link Process#destroyForcibly()}), then a new processor
 * in the same group finishing the work: at-least-once loses nothing, keeps per-key order and
 * processes again only what was not covered by the last commit; exactly-once shows every output
 * once to a {@code read_committed} reader. The broker comes from the subclass, so the same
 * scenarios run on embedded Lanes and on an Apache Kafka cluster.
 */
abstract class CrashScenarios {

    private static final int KEYS = 60;
    private static final int PER_KEY = 50;
    private static final int RECORDS = KEYS * PER_KEY;

    /** The {@code bootstrap.servers} of the broker under test. */
    protected abstract String bootstrapServers();

    @TempDir
    Path directory;

    private Cluster cluster;
    private Process child;
    private LanesProcessor<String, String> restarted;

    @BeforeEach
    void connect() {
        cluster = new Cluster(bootstrapServers());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
        if (restarted != null) {
            restarted.close(Duration.ofSeconds(10));
        }
        cluster.close();
    }

    /** One completed record as a run reported it. */
    private record Handled(int partition, long offset, String key, int seq) {
        TopicPartition topicPartition(String topic) {
            return new TopicPartition(topic, partition);
        }

        String id() {
            return partition + "@" + offset;
        }
    }

    @Test
    void shouldLoseNothingAndReprocessOnlyWhatTheLastCommitDidNotCoverWhenKilled() throws Exception {
        // given 3,000 records of 60 keys, and a processor process that handled part of them and committed
        String topic = cluster.createTopic("crash-alo", 4);
        String group = Cluster.unique("g");
        produce(topic);
        Path log = directory.resolve("handled.log");
        launchChild(group, topic, false, null, log);
        awaitMidRun(group, log);

        // when it is killed, and a new processor finishes the work
        long killedAt = System.nanoTime();
        child.destroyForcibly().waitFor();
        Thread.sleep(200); // a commit request already on the wire when the process died may still land
        Map<TopicPartition, OffsetAndMetadata> lastCommit = cluster.committed(group);
        List<Handled> firstRun = readLog(log);
        List<Handled> secondRun = new CopyOnWriteArrayList<>();
        restarted = ProcessorChild.builder(bootstrapServers(), group, topic, false, null,
                (partition, offset, key, value) -> secondRun.add(handled(partition, offset, key, value))).build();
        restarted.start();
        await("the restarted processor committed everything", Duration.ofSeconds(60), () -> cluster.committedToEnd(group, topic));
        restarted.close(Duration.ofSeconds(10));

        // then nothing is lost
        Set<String> all = new HashSet<>();
        firstRun.forEach(h -> all.add(h.id()));
        secondRun.forEach(h -> all.add(h.id()));
        assertThat(all).hasSize(RECORDS);
        assertThat(firstRun.size()).as("killed mid-run").isLessThan(RECORDS);
        // per-key order held within each run: the first from each key's start, the second from where the first stopped
        assertThat(orderViolations(firstRun, true)).isEmpty();
        assertThat(orderViolations(secondRun, false)).isEmpty();
        // nothing the last commit covered (committed offset and completed offsets in its metadata) ran again
        assertThat(secondRun.stream().filter(h -> covered(lastCommit, topic, h)).map(Handled::id).toList()).isEmpty();
        // so the records processed twice are at most those completed since that commit plus those in flight
        Set<String> firstIds = firstRun.stream().map(Handled::id).collect(Collectors.toSet());
        long reprocessed = secondRun.stream().filter(h -> firstIds.contains(h.id())).count();
        long completedSinceCommit = firstRun.stream().filter(h -> !covered(lastCommit, topic, h)).count();
        assertThat(reprocessed).isLessThanOrEqualTo(completedSinceCommit + ProcessorChild.MAX_CONCURRENCY);
        assertThat(lastCommit).as("the killed process committed before it died").isNotEmpty();
        System.out.printf("SIGKILL at-least-once: %d handled before the kill, %d after, %d reprocessed, %d completed "
                        + "since the last commit, %d ms from kill to done%n", firstRun.size(), secondRun.size(), reprocessed,
                completedSinceCommit, (System.nanoTime() - killedAt) / 1_000_000);
    }

    @Test
    void shouldShowEveryOutputExactlyOnceToReadCommittedWhenKilledMidTransaction() throws Exception {
        // given 3,000 records, and an exactly-once processor process that committed some transactions
        String topic = cluster.createTopic("crash-eos-in", 4);
        String output = cluster.createTopic("crash-eos-out", 4);
        String group = Cluster.unique("g");
        produce(topic);
        Path log = directory.resolve("handled.log");
        launchChild(group, topic, true, output, log);
        awaitMidRun(group, log);

        // when it is killed with a transaction open, and a new processor with the same transactional.id finishes
        child.destroyForcibly().waitFor();
        List<Handled> firstRun = readLog(log);
        List<Handled> secondRun = new CopyOnWriteArrayList<>();
        restarted = ProcessorChild.builder(bootstrapServers(), group, topic, true, output,
                (partition, offset, key, value) -> secondRun.add(handled(partition, offset, key, value))).build();
        restarted.start();
        await("the restarted processor committed everything", Duration.ofSeconds(60), () -> cluster.committedToEnd(group, topic));
        restarted.close(Duration.ofSeconds(10));

        // then a read_committed reader sees every output once: 0 duplicates, 0 missing
        List<String> outputs = cluster.readToEnd(output, "read_committed", Duration.ofSeconds(20)).stream()
                .map(ConsumerRecord::value).toList();
        List<String> expected = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            for (int seq = 0; seq < PER_KEY; seq++) {
                expected.add("k" + key + ":" + seq);
            }
        }
        assertThat(outputs).containsExactlyInAnyOrderElementsOf(expected);
        // though some records were handled twice, and the killed process's open transaction left outputs in the log
        Set<String> firstIds = firstRun.stream().map(Handled::id).collect(Collectors.toSet());
        long handledTwice = secondRun.stream().filter(h -> firstIds.contains(h.id())).count();
        int inLog = cluster.readToEnd(output, "read_uncommitted", Duration.ofSeconds(20)).size();
        assertThat(handledTwice).isPositive();
        assertThat(inLog).isGreaterThan(RECORDS);
        System.out.printf("SIGKILL exactly-once: %d handled before the kill, %d after, %d handled twice, %d outputs in "
                + "the log, %d visible to read_committed%n", firstRun.size(), secondRun.size(), handledTwice, inLog, outputs.size());
    }

    // ---------------------------------------------------------------- helpers

    private void produce(String topic) {
        for (int seq = 0; seq < PER_KEY; seq++) {
            for (int key = 0; key < KEYS; key++) {
                cluster.sendAsync(topic, null, "k" + key, "k" + key + ":" + seq);
            }
        }
        cluster.flush();
    }

    private void launchChild(String group, String topic, boolean exactlyOnce, String output, Path log) throws Exception {
        Files.createFile(log);
        child = new ProcessBuilder(ProcessorChild.command(bootstrapServers(), group, topic, exactlyOnce, output, log.toString()))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("child.out").toFile())
                .start();
    }

    /** Waits until the child handled a third of the records and the group has a commit. */
    private void awaitMidRun(String group, Path log) throws Exception {
        await("the child handled a third of the records and committed", Duration.ofSeconds(60), () -> {
            if (!child.isAlive()) {
                throw new AssertionError("the child died: " + Files.readString(directory.resolve("child.out")));
            }
            return Files.size(log) > 0 && readLog(log).size() >= RECORDS / 3 && !cluster.committed(group).isEmpty();
        });
    }

    private static List<Handled> readLog(Path log) throws Exception {
        List<Handled> handled = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] parts = line.split(" ");
            if (parts.length == 4) { // every line is whole: each is one write call
                handled.add(handled(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), parts[2], parts[3]));
            }
        }
        return handled;
    }

    private static Handled handled(int partition, long offset, String key, String value) {
        return new Handled(partition, offset, key, Integer.parseInt(value.substring(value.indexOf(':') + 1)));
    }

    /** Per key, each record after the previous one: consecutive from 0 when {@code fromStart}, else increasing. */
    private static List<String> orderViolations(List<Handled> run, boolean fromStart) {
        Map<String, Integer> last = new HashMap<>();
        List<String> violations = new ArrayList<>();
        for (Handled h : run) {
            Integer previous = last.put(h.key(), h.seq());
            boolean ok = previous == null ? !fromStart || h.seq() == 0
                    : fromStart ? h.seq() == previous + 1 : h.seq() > previous;
            if (!ok) {
                violations.add(h.key() + ": " + previous + " -> " + h.seq());
            }
        }
        return violations;
    }

    /** Whether a commit says the record is complete: below the committed offset, or listed in its metadata. */
    private static boolean covered(Map<TopicPartition, OffsetAndMetadata> commit, String topic, Handled h) {
        OffsetAndMetadata offset = commit.get(h.topicPartition(topic));
        if (offset == null) {
            return false;
        }
        if (h.offset() < offset.offset()) {
            return true;
        }
        for (long done : OffsetMetadataCodec.decode(offset.offset(), offset.metadata())) {
            if (done == h.offset()) {
                return true;
            }
        }
        return false;
    }

    private static void await(String what, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }
}
