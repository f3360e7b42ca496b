package io.lanes.conformance.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.KafkaTools;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.SegmentFiles;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-dump-log.sh} ({@code org.apache.kafka.tools.DumpLogSegments}) reading the target broker's
 * own files: Lanes keeps Kafka's on-disk layout, so Kafka's tool must list the offsets, keys
 * and values the producer sent, see valid v2 batches, and find the sparse indexes consistent.
 */
class DumpLogSegmentsToolTest {

    private static final Pattern RECORD = Pattern.compile("^\\| offset: (\\d+) .* key: (\\S*) payload: (.*)$");
    private static final Pattern BATCH = Pattern.compile(
            "^baseOffset: (\\d+) lastOffset: (\\d+) count: (\\d+) .* magic: (\\d+) compresscodec: (\\S+) .* isvalid: (\\S+)$");
    private static final Pattern INDEX_ENTRY = Pattern.compile("^offset: (\\d+) position: (\\d+)$");

    @TempDir
    Path workDir;

    private BrokerProcess broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldListProducedOffsetsKeysAndValuesWhenDumpingSegmentOfRunningBroker() throws Exception {
        // given
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir.resolve("broker"), Map.of());
        Topics.create(broker.bootstrapServers(), "dumped", 1);
        List<String[]> sent = produceInRounds("dumped", "none", 3, 4, "");

        // when
        ProcessResult dump = dumpDataLog(SegmentFiles.lastSegment(broker.logDir(), "dumped", 0));

        // then
        assertThat(dump.exitCode()).as(dump.describe()).isZero();
        assertThat(records(dump)).as(dump.describe()).containsExactlyElementsOf(sent);
        List<Matcher> batches = batches(dump);
        assertThat(batches).as(dump.describe()).isNotEmpty();
        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch.group(4)).as("magic").isEqualTo("2");
            assertThat(batch.group(5)).as("codec").isEqualTo("none");
            assertThat(batch.group(6)).as("isvalid").isEqualTo("true");
        });
        assertThat(batches.stream().mapToInt(b -> Integer.parseInt(b.group(3))).sum()).isEqualTo(sent.size());
    }

    @Test
    void shouldDecompressLz4BatchesWhenDumpingSegmentWithDeepIteration() throws Exception {
        // given
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir.resolve("broker"), Map.of());
        Topics.create(broker.bootstrapServers(), "dumped-lz4", 1);
        List<String[]> sent = produceInRounds("dumped-lz4", "lz4", 2, 10, "-" + "abc".repeat(40));

        // when
        ProcessResult dump = dumpDataLog(SegmentFiles.lastSegment(broker.logDir(), "dumped-lz4", 0));

        // then
        assertThat(dump.exitCode()).as(dump.describe()).isZero();
        assertThat(records(dump)).as(dump.describe()).containsExactlyElementsOf(sent);
        assertThat(batches(dump)).as(dump.describe()).isNotEmpty().allSatisfy(batch -> {
            assertThat(batch.group(5)).as("codec").isEqualTo("lz4");
            assertThat(batch.group(6)).as("isvalid").isEqualTo("true");
        });
    }

    @Test
    void shouldFindIndexesConsistentWithLogWhenDumpingThemAfterCleanStop() throws Exception {
        // given
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir.resolve("broker"), Map.of());
        Topics.create(broker.bootstrapServers(), "indexed", 1);
        List<String[]> sent = produceInRounds("indexed", "none", 40, 10, "-" + "x".repeat(80));
        broker.stop();
        Path log = SegmentFiles.lastSegment(broker.logDir(), "indexed", 0);
        Path index = sibling(log, ".index");
        Path timeIndex = sibling(log, ".timeindex");

        // when
        ProcessResult dumped = tools().run(KafkaTools.DUMP_LOG, "--files", index + "," + timeIndex);
        ProcessResult verified = tools().run(KafkaTools.DUMP_LOG, "--files", index + "," + timeIndex,
                "--verify-index-only");

        // then
        assertThat(dumped.exitCode()).as(dumped.describe()).isZero();
        assertThat(verified.exitCode()).as(verified.describe()).isZero();
        assertThat(dumped.stdout() + dumped.stderr()).as(dumped.describe())
                .doesNotContain("Mismatches").doesNotContain("Exception");
        assertThat(verified.stdout() + verified.stderr()).as(verified.describe())
                .doesNotContain("Mismatches").doesNotContain("Exception");
        List<SegmentFiles.Batch> batches = SegmentFiles.batches(log);
        assertThat(batches.stream().mapToInt(SegmentFiles.Batch::recordCount).sum()).isEqualTo(sent.size());
        List<long[]> entries = dumped.stdout().lines().map(INDEX_ENTRY::matcher).filter(Matcher::matches)
                .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))}).toList();
        assertThat(entries).as("offset index entries for ~%d bytes of log\n%s",
                batches.stream().mapToLong(SegmentFiles.Batch::size).sum(), dumped.describe()).isNotEmpty();
        for (long[] entry : entries) {
            assertThat(batches).as("a batch starting at position %d holding offset %d", entry[1], entry[0])
                    .anySatisfy(batch -> {
                        assertThat(batch.position()).isEqualTo(entry[1]);
                        assertThat(entry[0]).isBetween(batch.baseOffset(), batch.lastOffset());
                    });
        }
    }

    /** Sends {@code rounds} bursts of {@code perRound} keyed records, flushing after each burst. */
    private List<String[]> produceInRounds(String topic, String compression, int rounds, int perRound,
                                           String padding) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        config.put(ProducerConfig.LINGER_MS_CONFIG, "1000");
        List<String[]> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int round = 0; round < rounds; round++) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                List<String[]> burst = new ArrayList<>();
                for (int i = 0; i < perRound; i++) {
                    String key = "key-" + (i % 3);
                    String value = "round-" + round + "-record-" + i + padding;
                    acks.add(producer.send(new ProducerRecord<>(topic, key, value)));
                    burst.add(new String[] {null, key, value});
                }
                producer.flush();
                for (int i = 0; i < perRound; i++) {
                    burst.get(i)[0] = Long.toString(acks.get(i).get().offset());
                }
                sent.addAll(burst);
            }
        }
        return sent;
    }

    private ProcessResult dumpDataLog(Path segment) {
        return tools().run(KafkaTools.DUMP_LOG, "--files", segment.toString(), "--print-data-log", "--deep-iteration");
    }

    private KafkaTools tools() {
        return new KafkaTools(workDir.resolve("tools"));
    }

    private static List<String[]> records(ProcessResult dump) {
        return dump.stdout().lines().map(RECORD::matcher).filter(Matcher::matches)
                .map(m -> new String[] {m.group(1), m.group(2), m.group(3)}).toList();
    }

    private static List<Matcher> batches(ProcessResult dump) {
        return dump.stdout().lines().map(BATCH::matcher).filter(Matcher::matches).toList();
    }

    private static Path sibling(Path log, String suffix) {
        String name = log.getFileName().toString();
        return log.resolveSibling(name.substring(0, name.length() - ".log".length()) + suffix);
    }
}
