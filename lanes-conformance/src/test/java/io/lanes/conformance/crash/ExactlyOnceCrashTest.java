package io.lanes.conformance.crash;

import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.JavaCommand;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical exactly-once check: {@link ReadProcessWriteJob} copies keyed records from one topic to another
 * in transactions while its process is SIGKILLed and restarted three times and the broker itself is SIGKILLed
 * once ({@code lanes.durability=fsync}). A read_committed reader of the output must find every input record
 * exactly once, in per-key order.
 */
class ExactlyOnceCrashTest {
    private static final String INPUT = "orders-in";
    private static final String OUTPUT = "payments-out";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 3_000;
    private static final int KEYS = 60;
    /** Four planned runs; the rest are restarts after the job lost its broker. */
    private static final int MAX_JOB_RUNS = 12;

    @TempDir
    Path workDir;

    private BrokerProcess broker;
    private Admin admin;
    private Process job;
    private int jobRuns;
    private final List<String> timeline = new ArrayList<>();

    @AfterEach
    void stop() {
        if (job != null) {
            job.destroyForcibly();
        }
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldWriteEveryInputExactlyOnceInKeyOrderWhenJobAndBrokerAreKilled() throws Exception {
        // given
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir, Map.of("lanes.durability", "fsync"));
        Topics.create(broker.bootstrapServers(), INPUT, PARTITIONS);
        Topics.create(broker.bootstrapServers(), OUTPUT, PARTITIONS);
        admin = Topics.admin(broker.bootstrapServers());
        List<String> inputs = produceInput();

        // when: the job is killed at 20%, 40% and 70% of the output, the broker at 55%
        startJob();
        for (double share : new double[] {0.2, 0.4}) {
            killJobAt(share);
        }
        awaitOutput(0.55);
        broker.kill9();
        timeline.add("broker SIGKILLed");
        broker.start();
        timeline.add("broker restarted");
        killJobAt(0.7);
        awaitJobFinished();

        // then
        String context = String.join("\n", timeline);
        List<ConsumerRecord<String, String>> output = Topics.readAll(broker.bootstrapServers(), OUTPUT,
                Duration.ofSeconds(60), "read_committed");
        Map<String, Long> copies = output.stream().collect(Collectors.groupingBy(
                r -> r.value().substring(0, r.value().length() - "|paid".length()), Collectors.counting()));
        assertThat(inputs.stream().filter(v -> !copies.containsKey(v)).toList()).as("inputs missing\n" + context).isEmpty();
        assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("inputs written more than once\n" + context).isEmpty();
        assertThat(output).hasSize(RECORDS);
        Map<String, List<ConsumerRecord<String, String>>> byKey = output.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key));
        byKey.forEach((key, records) -> assertThat(records.stream().map(r -> sequence(r.value())).toList())
                .as("sequence of %s in output order", key).isSorted());
        System.out.println(context);
    }

    /** Keyed records "key-K:SEQ", SEQ counting per key, all acknowledged before the job starts. */
    private List<String> produceInput() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                String key = "key-" + (i % KEYS);
                String value = key + ":" + (i / KEYS);
                values.add(value);
                producer.send(new ProducerRecord<>(INPUT, key, value));
            }
            producer.flush();
        }
        return values;
    }

    private void startJob() throws Exception {
        assertThat(jobRuns).as("job restarts; last run's output:\n" + jobOutput()).isLessThan(MAX_JOB_RUNS);
        jobRuns++;
        File log = workDir.resolve("job-" + jobRuns + ".out").toFile();
        job = new ProcessBuilder(JavaCommand.command(ReadProcessWriteJob.class.getName(), JavaCommand.QUICK_START,
                List.of(broker.bootstrapServers(), INPUT, OUTPUT, "payments-job", "payments-job-0", "8000", "40")))
                .redirectErrorStream(true).redirectOutput(log).start();
        timeline.add("job run " + jobRuns + " started");
    }

    /** Waits until the output holds {@code share} of the input (uncommitted included), then SIGKILLs the job. */
    private void killJobAt(double share) throws Exception {
        awaitOutput(share);
        job.destroyForcibly().waitFor();
        timeline.add("job run " + jobRuns + " SIGKILLed at " + outputEnd() + " output records");
        startJob();
    }

    private void awaitOutput(double share) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (outputEnd() < share * RECORDS) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("output stalled at " + outputEnd() + "\n" + String.join("\n", timeline)
                        + "\n" + jobOutput());
            }
            if (!job.isAlive()) {
                timeline.add("job run " + jobRuns + " exited with " + job.exitValue());
                startJob();
            }
            Thread.sleep(100);
        }
    }

    /** Lets the job finish; restarts it if it fails (it may lose its broker connection at the broker kill). */
    private void awaitJobFinished() throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            job.waitFor();
            if (job.exitValue() == 0) {
                timeline.add("job run " + jobRuns + " finished");
                return;
            }
            timeline.add("job run " + jobRuns + " exited with " + job.exitValue());
            assertThat(System.currentTimeMillis()).as("job did not finish\n" + jobOutput()).isLessThan(deadline);
            startJob();
        }
    }

    /** Sum of the output's end offsets, markers and aborted records included. */
    private long outputEnd() throws Exception {
        Map<TopicPartition, OffsetSpec> request = IntStream.range(0, PARTITIONS).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(OUTPUT, p), p -> OffsetSpec.latest()));
        return admin.listOffsets(request).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }

    private String jobOutput() {
        try {
            String text = Files.readString(workDir.resolve("job-" + jobRuns + ".out"));
            return text.length() > 6_000 ? "..." + text.substring(text.length() - 6_000) : text;
        } catch (Exception e) {
            return "<no job output>";
        }
    }

    private static long sequence(String value) {
        return Long.parseLong(value.substring(value.indexOf(':') + 1, value.indexOf('|')));
    }
}
