package io.lanes.storage;

import org.apache.kafka.common.record.internal.CompressionType;
import org.junit.jupiter.api.Test;

import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.DumpLogSegments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka's own {@code DumpLogSegments} (kafka-tools) reads our segments and verifies both indexes against them.
 */
class KafkaDumpLogSegmentsTest extends LogTestSupport {

    private record Output(int exitCode, String out, String err) {
    }

    /**
     * Runs the tool in this JVM with its output captured: it prints its dump to {@code System.out} and its
     * error reports to {@code System.err}; {@code Exit} is trapped so a tool error cannot end the JVM.
     */
    private Output dump(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int[] exitCode = {0};
        Exit.setExitProcedure((code, message) -> {
            exitCode[0] = code;
            throw new IllegalStateException("DumpLogSegments exited with " + code + ": " + message);
        });
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            DumpLogSegments.main(args);
        } catch (IOException | IllegalStateException e) {
            err.writeBytes(e.toString().getBytes(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            Exit.resetExitProcedure();
        }
        return new Output(exitCode[0], out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Drops the tool's report of a segment's first offset: since it moved to Java (4.2), DumpLogSegments
     * starts each file's "last offset" at -1, so every segment not starting at offset 0 is reported as
     * "-1 is followed by {base offset}", on Kafka's own segments too. Any other pair still counts.
     */
    private static String withoutSegmentStarts(String err) {
        return SEGMENT_START.matcher(err).replaceAll("");
    }

    private static final Pattern SEGMENT_START = Pattern.compile(
            "Non-consecutive offsets in \\S*/0*(\\d+)\\.log\\R  -1 is followed by \\1\\R");

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
        assertThat(withoutSegmentStarts(running.err()))
                .doesNotContain("Mismatches", "Non-consecutive", "mismatch", "out of order", "Exception");
        assertThat(running.out()).contains("baseOffset: 0 lastOffset: 0 count: 1", "payload: v0-0", "compresscodec: lz4",
                "offset: 2 position: ", "timestamp: " + (time.milliseconds() + 10) + " offset: 2");
        assertThat(sanity.exitCode()).as(sanity.err()).isZero();
        assertThat(sanity.out()).contains("passed sanity check");
        assertThat(sanity.err()).doesNotContain("Exception");
    }

    @Test
    void shouldReadCleanedSegmentsWhenKafkaToolDumpsThem() throws Exception {
        // given: a compacted log with overwritten keys, a tombstone and an aborted transaction, cleaned
        LogManager manager = LogManager.open(List.of(dataDir()), Durability.PAGE_CACHE, LogConfig.defaults(), time,
                300_000L, CleanerConfig.defaults().withEnabled(false));
        java.util.Map<String, String> cfg = new java.util.HashMap<>(smallSegments(1000));
        cfg.put("cleanup.policy", "compact");
        cfg.put("min.cleanable.dirty.ratio", "0.01");
        PartitionLog log = manager.getOrCreate(tp, topicId, config(cfg));
        for (int i = 0; i < 40; i++) {
            log.append(Keyed.plain(time.milliseconds() + i, "key" + (i % 5), "value" + i));
        }
        log.append(Keyed.transactional(5L, (short) 0, 0, time.milliseconds(), "key1", "aborted"));
        log.append(Keyed.marker(5L, (short) 0, false, time.milliseconds()), AppendOrigin.COORDINATOR);
        log.append(Keyed.plain(time.milliseconds(), "key0", null));
        log.roll();
        manager.cleaner().cleanNow(5);
        manager.close();

        // when
        Output deep = dump("--files", String.join(",", segmentFiles()), "--deep-iteration", "--print-data-log");
        Output sanity = dump("--files", String.join(",", segmentFiles()), "--index-sanity-check");

        // then
        assertThat(deep.exitCode()).as(deep.err()).isZero();
        // Gaps are what compaction leaves: the tool reports them ("Non-consecutive offsets") for Kafka's own too.
        assertThat(deep.err()).doesNotContain("Mismatches", "mismatch", "out of order", "Exception");
        assertThat(deep.out()).contains("key: key4 payload: value39", "valueSize: -1 sequence: -1 headerKeys: [] key: key0", "endTxnMarker: ABORT")
                .doesNotContain("payload: value0 ", "payload: aborted");
        assertThat(sanity.exitCode()).as(sanity.err()).isZero();
        assertThat(sanity.out()).contains("passed sanity check");
    }
}
