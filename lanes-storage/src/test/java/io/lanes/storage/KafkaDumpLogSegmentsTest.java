package io.lanes.storage;

import org.apache.kafka.common.record.CompressionType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka's own {@code kafka.tools.DumpLogSegments} (run in a child JVM, as an operator would) reads our
 * segments and verifies both indexes against them.
 */
class KafkaDumpLogSegmentsTest extends LogTestSupport {

    private record Output(int exitCode, String out, String err) {
    }

    private Output dump(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "kafka.tools.DumpLogSegments"));
        command.addAll(List.of(args));
        Path out = tmp.resolve("dump-out.txt");
        Path err = tmp.resolve("dump-err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private List<String> segmentFiles() throws IOException {
        Path dir = partitionDir(dataDir(), tp);
        List<String> files = new ArrayList<>();
        for (String suffix : List.of(".log", ".index", ".timeindex")) {
            filesWithSuffix(dir, suffix).forEach(p -> files.add(p.toString()));
        }
        return files;
    }

    @Test
    void shouldVerifyOurSegmentsAndIndexesWhenKafkaToolDumpsThem() throws Exception {
        // given: rolled segments with trimmed indexes, and an active one whose indexes are still preallocated
        PartitionLog log = openLog(Durability.PAGE_CACHE, smallSegments(4096));
        for (int i = 0; i < 80; i++) {
            CompressionType c = i % 2 == 0 ? CompressionType.LZ4 : CompressionType.NONE;
            log.append(Batches.plain(c, time.milliseconds() + i * 10L, "v" + i, 1 + i % 4));
        }
        log.flush();

        // when
        Output running = dump("--files", String.join(",", segmentFiles()), "--deep-iteration", "--print-data-log");
        closeManagers();
        Output sanity = dump("--files", String.join(",", segmentFiles()), "--index-sanity-check");

        // then
        assertThat(log.segmentCount()).isGreaterThan(2);
        assertThat(running.exitCode()).as(running.err()).isZero();
        assertThat(running.err()).doesNotContain("Mismatches", "Non-consecutive", "mismatch", "out of order", "Exception");
        assertThat(running.out()).contains("baseOffset: 0 lastOffset: 0 count: 1", "payload: v0-0", "compresscodec: lz4",
                "offset: 2 position: ", "timestamp: " + (time.milliseconds() + 10) + " offset: 2");
        assertThat(sanity.exitCode()).as(sanity.err()).isZero();
        assertThat(sanity.out()).contains("passed sanity check");
        assertThat(sanity.err()).doesNotContain("Exception");
    }
}
