package io.lanes.cli.skew;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.cli.LanesCli;
import io.lanes.cli.demo.DemoWorkloads;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanes skew} against a real broker (supplied by the subclass): the demo's order workload, whose
 * big orders make a hot partition, and a uniform workload. Every scenario uses its own topic.
 */
abstract class SkewScenarios {
    private static final int DEMO_PARTITIONS = 12; // the demo's default

    /** The {@code bootstrap.servers} of the broker under test. */
    protected abstract String bootstrapServers();

    @Test
    void shouldNameTheHotOrdersAndTheHotPartitionWhenRunOnTheDemoWorkload() throws Exception {
        // given
        String topic = topic("demo-orders", DEMO_PARTITIONS);
        DemoWorkloads workload = clearlySkewedDemoWorkload();
        produce(topic, workload.size(), workload::key, workload::value);
        int hotPartition = workload.busiestPartition(DEMO_PARTITIONS);

        // when
        Run run = run("skew", topic, "--bootstrap", bootstrapServers(), "--sample", "5000");

        // then
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("topic " + topic + ": 10,000 records in 12 partitions, 5,000 sampled from the end",
                "verdict: hot partition: partition " + hotPartition + " carries",
                "(hot partition: >= 1.50x, skewed: >= 1.20x, by records or bytes)",
                "options:", "  - composite key:", "  - salted key:", "breaks per-key order");
        List<String> keyLines = section(run.out, "top keys");
        for (String key : workload.biggestOrderKeys(3)) {
            assertThat(keyLines).as("hot order " + key).anyMatch(l -> l.startsWith(key + " ") && l.endsWith(" hot"));
        }
        assertThat(keyLines.get(1)).startsWith(workload.biggestOrderKeys(1).get(0) + " ");
        long[] perPartition = workload.eventsPerPartition(DEMO_PARTITIONS);
        List<String> partitionLines = section(run.out, "partitions");
        assertThat(partitionLines).anyMatch(l -> l.matches(hotPartition + " +" + String.format("%,d", perPartition[hotPartition])
                + " .*"));
    }

    @Test
    void shouldReportJsonWithTheVerdictAndHotKeysWhenAskedForJson() throws Exception {
        // given
        String topic = topic("demo-orders-json", DEMO_PARTITIONS);
        DemoWorkloads workload = clearlySkewedDemoWorkload();
        produce(topic, workload.size(), workload::key, workload::value);

        // when
        Run run = run("skew", topic, "--bootstrap", bootstrapServers(), "--output", "json", "--from", "beginning");

        // then
        assertThat(run.code).as(run.err).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out);
        assertThat(json.get("verdict").asText()).isEqualTo("HOT_PARTITION");
        assertThat(json.get("busiestPartition").asInt()).isEqualTo(workload.busiestPartition(DEMO_PARTITIONS));
        assertThat(json.get("from").asText()).isEqualTo("beginning");
        assertThat(json.get("topKeys").get(0).get("key").asText()).isEqualTo(workload.biggestOrderKeys(1).get(0));
        assertThat(json.get("topKeys").get(0).get("hot").asBoolean()).isTrue();
        assertThat(json.get("partitions")).hasSize(DEMO_PARTITIONS);
        assertThat(json.get("thresholds").get("hotPartitionRatio").asDouble()).isEqualTo(1.5);
    }

    @Test
    void shouldCallItBalancedWhenKeysAreUniform() throws Exception {
        // given: 6,000 keys, 2 records each, over 6 partitions
        String topic = topic("uniform", 6);
        produce(topic, 12_000, i -> "user-" + (i % 6000), i -> "{\"n\":" + i + "}");

        // when
        Run run = run("skew", topic, "--bootstrap", bootstrapServers());

        // then
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("verdict: balanced: partition").doesNotContain("options:");
        assertThat(section(run.out, "top keys")).noneMatch(l -> l.endsWith(" hot"));
    }

    @Test
    void shouldCallItHotWhenTheThresholdIsLoweredOnAUniformWorkload() throws Exception {
        // given: the same kind of uniform topic, but thresholds so low that any spread counts
        String topic = topic("uniform-strict", 6);
        produce(topic, 12_000, i -> "user-" + (i % 6000), i -> "{\"n\":" + i + "}");

        // when
        Run run = run("skew", topic, "--bootstrap", bootstrapServers(), "--skewed-ratio", "1.0",
                "--hot-partition-ratio", "1.0");

        // then
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("verdict: hot partition:", "(hot partition: >= 1.00x, skewed: >= 1.00x");
    }

    @Test
    void shouldExitWith2AndCreateNothingWhenTheTopicIsUnknown() throws Exception {
        // given
        String topic = "no-such-topic-" + UUID.randomUUID();

        // when
        Run run = run("skew", topic, "--bootstrap", bootstrapServers(), "--timeout", "5");

        // then
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err.strip()).isEqualTo("lanes skew: unknown topic " + topic);
        assertThat(run.out).isEmpty();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }

    @Test
    void shouldExitWith2WhenTheTopicIsEmpty() throws Exception {
        // given
        String topic = topic("empty", 3);

        // when
        Run run = run("skew", topic, "--bootstrap", bootstrapServers());

        // then
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err.strip()).isEqualTo("lanes skew: topic " + topic + " has no records to sample");
    }

    /**
     * A demo workload of 10,000 events whose busiest partition leads the next by 15% or more, so which
     * partition is hot does not depend on sampling noise or on counting records rather than bytes.
     */
    private static DemoWorkloads clearlySkewedDemoWorkload() {
        for (long seed = 1; ; seed++) {
            DemoWorkloads workload = DemoWorkloads.orders(10_000, seed);
            long[] counts = workload.eventsPerPartition(DEMO_PARTITIONS).clone();
            java.util.Arrays.sort(counts);
            if (counts[counts.length - 1] >= 1.15 * counts[counts.length - 2]) {
                return workload;
            }
        }
    }

    /** The table lines under the heading that starts with {@code heading}, up to the next blank line. */
    private static List<String> section(String out, String heading) {
        List<String> lines = out.lines().toList();
        int start = 0;
        while (start < lines.size() && !lines.get(start).startsWith(heading)) {
            start++;
        }
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).isBlank()) {
            end++;
        }
        return lines.subList(Math.min(start + 1, lines.size()), end);
    }

    private String topic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
            // on a cluster, leaders are elected a little after the topic exists
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!leadersElected(admin, topic)) {
                assertThat(System.nanoTime()).as("leaders of " + topic).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        return topic;
    }

    private static boolean leadersElected(Admin admin, String topic) throws Exception {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return false; // the node asked has not heard of the new topic yet
            }
            throw e;
        }
    }

    private void produce(String topic, int count, java.util.function.IntFunction<String> key,
                         java.util.function.IntFunction<String> value) throws Exception {
        // not idempotent: on the freshly started 3-node cluster of a loaded machine the idempotent producer's
        // first batches to one partition sometimes stalled until delivery.timeout.ms; what is tested here is
        // the analysis, and every send is checked below
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers(),
                "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName(),
                "linger.ms", 5, "enable.idempotence", false, "acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, key.apply(i), value.apply(i))));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> future : sent) {
                future.get(); // every record is in the topic, or the test fails here
            }
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LanesCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
