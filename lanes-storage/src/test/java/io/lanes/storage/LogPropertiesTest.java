package io.lanes.storage;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import io.lanes.storage.internal.Fsync;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded properties: whatever batches are appended, reads return exactly them; a clean restart changes nothing;
 * a crash that damages the tail keeps every batch before the damage and nothing after it.
 */
class LogPropertiesTest {

    // Crashes are simulated by copying files (the page cache survives), so fsync only costs time here.
    @BeforeProperty
    void skipFsync() {
        Fsync.setEnabled(false);
    }

    @AfterProperty
    void restoreFsync() {
        Fsync.setEnabled(true);
    }

    private static final TopicPartition TP = new TopicPartition("prop", 3);

    /** One produce request: a batch of {@code count} records with values of {@code valueSize} bytes. */
    record Spec(int count, int valueSize, boolean lz4) {
    }

    @Provide
    Arbitrary<List<Spec>> requests() {
        Arbitrary<Spec> spec = Combinators.combine(Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(0, 200), Arbitraries.of(true, false)).as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 15, seed = "20240601")
    void shouldReadBackExactlyWhatWasAppendedWhenSegmentsRoll(@ForAll("requests") List<Spec> requests,
                                                             @ForAll @IntRange(min = 300, max = 4000) int segmentBytes,
                                                             @ForAll @IntRange(min = 0, max = 600) int indexInterval,
                                                             @ForAll @IntRange(min = 1, max = 3000) int maxBytes) throws Exception {
        Path dir = Files.createTempDirectory("lanes-prop");
        ManualTime time = new ManualTime(1_700_000_000_000L);
        try {
            // given
            LogManager manager = open(dir, time);
            PartitionLog log = manager.getOrCreate(TP, Uuid.randomUuid(), config(segmentBytes, indexInterval, 64 * 1024));
            List<String> expected = appendAll(log, requests, time);

            // when
            List<String> all = LogTestSupport.readAll(log);

            // then
            assertThat(all).isEqualTo(expected);
            for (long offset = 0; offset < log.logEndOffset(); offset += 7) {
                ReadResult r = log.read(offset, maxBytes, log.highWatermark(), false);
                assertThat(r.records().sizeInBytes()).isLessThanOrEqualTo(maxBytes);
                List<Long> offsets = Batches.offsets(r.records());
                if (!offsets.isEmpty()) {
                    assertThat(offsets.get(0)).isLessThanOrEqualTo(offset);
                    assertThat(offsets).contains(offset);
                }
                ReadResult atLeastOne = log.read(offset, maxBytes, log.highWatermark(), true);
                assertThat(Batches.offsets(atLeastOne.records())).contains(offset);
            }

            // and when restarted cleanly
            manager.close();
            LogManager reopened = open(dir, time);
            PartitionLog again = reopened.get(TP).orElseThrow();
            assertThat(LogTestSupport.readAll(again)).isEqualTo(expected);
            assertThat(again.segmentBaseOffsets()).isEqualTo(log.segmentBaseOffsets());
            reopened.close();
        } finally {
            Utils.delete(dir.toFile());
        }
    }

    /** How a crash damages the last segment. */
    enum Damage { TRUNCATE, FLIP_BYTE, ZERO_TAIL }

    @Property(tries = 25, seed = "7")
    void shouldKeepEveryBatchBeforeTheDamageWhenRecoveringFromCrash(@ForAll("requests") List<Spec> requests,
                                                                    @ForAll Damage damage,
                                                                    @ForAll @IntRange(min = 0, max = 1_000_000) int where,
                                                                    @ForAll @IntRange(min = 0, max = 7) int bit,
                                                                    @ForAll @IntRange(min = 48, max = 8192) int indexBytes) throws Exception {
        Path dir = Files.createTempDirectory("lanes-prop");
        ManualTime time = new ManualTime(1_700_000_000_000L);
        try {
            // given
            LogManager manager = open(dir, time);
            PartitionLog log = manager.getOrCreate(TP, Uuid.randomUuid(), config(1500, 100, indexBytes));
            List<String> expected = appendAll(log, requests, time);
            Path crashed = copy(dir, dir.resolveSibling(dir.getFileName() + "-crash"));
            manager.close();
            Path partition = crashed.resolve(TP.topic() + "-" + TP.partition());
            long lastBase = log.segmentBaseOffsets().get(log.segmentCount() - 1);
            Path segment = partition.resolve(String.format("%020d.log", lastBase));
            List<long[]> batches = batchesOf(segment); // {position, size, baseOffset}
            long size = Files.size(segment);

            // when
            long keptOffsets; // offsets that must survive
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                if (size == 0) {
                    keptOffsets = lastBase;
                } else {
                    long pos = where % size;
                    byte[] original = new byte[(int) (size - pos)];
                    f.seek(pos);
                    f.readFully(original);
                    long firstChanged = pos; // where the bytes actually differ after the damage
                    switch (damage) {
                        case TRUNCATE -> f.setLength(pos);
                        case ZERO_TAIL -> {
                            f.seek(pos);
                            f.write(new byte[original.length]);
                            int i = 0;
                            while (i < original.length && original[i] == 0) {
                                i++;
                            }
                            firstChanged = i == original.length ? -1 : pos + i;
                        }
                        case FLIP_BYTE -> {
                            f.seek(pos);
                            f.write(original[0] ^ (1 << bit));
                        }
                    }
                    if (firstChanged < 0) {
                        keptOffsets = Long.MAX_VALUE;
                    } else {
                        long[] hit = batchAt(batches, firstChanged);
                        long inBatch = firstChanged - hit[0];
                        // The partition leader epoch (bytes 12..15) is not covered by the CRC, as in Kafka.
                        boolean unprotected = damage == Damage.FLIP_BYTE && inBatch >= 12 && inBatch < 16;
                        keptOffsets = unprotected ? Long.MAX_VALUE : hit[2];
                    }
                }
            }
            LogManager recoveredManager = open(crashed, time);
            PartitionLog recovered = recoveredManager.get(TP).orElseThrow();

            // then
            List<String> after = LogTestSupport.readAll(recovered);
            List<String> mustKeep = expected.stream().filter(v -> offsetOf(v) < keptOffsets).toList();
            assertThat(after).isEqualTo(mustKeep);
            assertThat(recovered.logEndOffset()).isEqualTo(Math.min(keptOffsets, log.logEndOffset()));
            AppendResult next = recovered.append(Batches.plain(time.milliseconds(), "after-crash"));
            assertThat(next.baseOffset()).isEqualTo(recovered.logEndOffset() - 1);
            recoveredManager.close();
            Utils.delete(crashed.toFile());
        } finally {
            Utils.delete(dir.toFile());
        }
    }

    private static long offsetOf(String value) {
        return Long.parseLong(value.substring(0, value.indexOf(':')));
    }

    private static long[] batchAt(List<long[]> batches, long pos) {
        for (long[] b : batches) {
            if (pos >= b[0] && pos < b[0] + b[1]) {
                return b;
            }
        }
        throw new IllegalStateException("No batch at " + pos);
    }

    private static List<long[]> batchesOf(Path segment) throws IOException {
        List<long[]> out = new ArrayList<>();
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            long pos = 0;
            for (RecordBatch b : records.batches()) {
                out.add(new long[]{pos, b.sizeInBytes(), b.baseOffset()});
                pos += b.sizeInBytes();
            }
        }
        return out;
    }

    private static LogManager open(Path dir, ManualTime time) {
        return LogManager.open(List.of(dir), Durability.PAGE_CACHE, LogConfig.defaults(), time, 300_000L);
    }

    private static LogConfig config(int segmentBytes, int indexInterval, int indexBytes) {
        Map<String, String> m = new HashMap<>();
        // Small indexes keep the crash copies cheap and make "index full" a roll trigger too.
        m.put("segment.index.bytes", Integer.toString(indexBytes));
        m.put("internal.segment.bytes", Integer.toString(segmentBytes));
        m.put("index.interval.bytes", Integer.toString(indexInterval));
        return LogConfig.from(Map.of(), m);
    }

    private static List<String> appendAll(PartitionLog log, List<Spec> requests, ManualTime time) {
        List<String> expected = new ArrayList<>();
        int n = 0;
        for (Spec spec : requests) {
            String[] values = new String[spec.count()];
            for (int i = 0; i < spec.count(); i++) {
                values[i] = "r" + n++ + "-" + "x".repeat(spec.valueSize());
            }
            MemoryRecords records = spec.lz4()
                    ? MemoryRecords.withRecords(Batches.compression(CompressionType.LZ4), recordsOf(time, values))
                    : Batches.plain(time.milliseconds(), values);
            AppendResult r = log.append(records);
            for (int i = 0; i < values.length; i++) {
                expected.add((r.baseOffset() + i) + ":" + values[i]);
            }
            time.advance(3);
        }
        return expected;
    }

    private static org.apache.kafka.common.record.internal.SimpleRecord[] recordsOf(ManualTime time, String[] values) {
        org.apache.kafka.common.record.internal.SimpleRecord[] out = new org.apache.kafka.common.record.internal.SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Batches.record(time.milliseconds(), values[i]);
        }
        return out;
    }

    /** A running broker's files, as a crash would leave them. */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return to;
    }
}
