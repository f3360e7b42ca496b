package io.lanes.storage;

import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentRollingTest extends LogTestSupport {

    @Test
    void shouldRollAndFindEveryOffsetWhenManySegments() throws Exception {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, smallSegments(2048));
        List<Long> batchStarts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int count = 1 + i % 4;
            batchStarts.add(log.append(Batches.plain(CompressionType.NONE, time.milliseconds(), "b" + i, count)).baseOffset());
        }

        // when
        long end = log.logEndOffset();

        // then
        assertThat(log.segmentCount()).isGreaterThan(10);
        for (long offset = 0; offset < end; offset++) {
            ReadResult r = log.read(offset, 1, end, true);
            List<Long> offsets = Batches.offsets(r.records());
            assertThat(offsets).as("read at %d", offset).contains(offset);
            long expectedBatchStart = floor(batchStarts, offset);
            assertThat(offsets.get(0)).isEqualTo(expectedBatchStart);
        }
        Path dir = partitionDir(dataDir(), tp);
        for (long base : log.segmentBaseOffsets()) {
            assertThat(dir.resolve(String.format("%020d.log", base))).exists();
            assertThat(dir.resolve(String.format("%020d.index", base))).exists();
            assertThat(dir.resolve(String.format("%020d.timeindex", base))).exists();
        }
    }

    private static long floor(List<Long> sorted, long value) {
        long result = -1;
        for (long v : sorted) {
            if (v <= value) {
                result = v;
            }
        }
        return result;
    }

    @Test
    void shouldTrimIndexesWhenSegmentRolls() throws Exception {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, smallSegments(4096));
        for (int i = 0; i < 60; i++) {
            log.append(Batches.plain(CompressionType.NONE, time.milliseconds() + i, "r" + i, 2));
        }

        // when
        List<Long> bases = log.segmentBaseOffsets();

        // then
        Path dir = partitionDir(dataDir(), tp);
        long rolled = bases.get(0);
        long active = bases.get(bases.size() - 1);
        assertThat(Files.size(dir.resolve(String.format("%020d.index", rolled))) % 8).isZero();
        assertThat(Files.size(dir.resolve(String.format("%020d.index", rolled)))).isLessThan(4096);
        assertThat(Files.size(dir.resolve(String.format("%020d.timeindex", rolled))) % 12).isZero();
        assertThat(Files.size(dir.resolve(String.format("%020d.index", active)))).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void shouldRollWhenSegmentIsOlderThanSegmentMs() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of("segment.ms", "1000"));
        log.append(Batches.plain(time.milliseconds(), "a"));
        log.append(Batches.plain(time.milliseconds() + 999, "b"));

        // when
        time.advance(5000);
        log.append(Batches.plain(time.milliseconds(), "c"));

        // then
        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L);
    }

    @Test
    void shouldRollWhenIndexIsFull() {
        // given
        Map<String, String> overrides = new HashMap<>(Map.of("segment.index.bytes", "64", "index.interval.bytes", "0"));
        PartitionLog log = openLog(Durability.PAGE_CACHE, overrides);

        // when
        for (int i = 0; i < 40; i++) {
            log.append(Batches.plain(time.milliseconds() + i, "v" + i));
        }

        // then
        assertThat(log.segmentCount()).isGreaterThan(3);
        assertThat(readAll(log)).hasSize(40);
    }

    @Test
    void shouldFindFirstOffsetAtOrAfterTimestampWhenSearchingByTime() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, smallSegments(1024));
        long base = time.milliseconds();
        for (int i = 0; i < 100; i++) {
            log.append(Batches.withTimestamps(base + i * 10L, base + i * 10L + 5));
        }

        // when
        Optional<TimestampAndOffset> exact = log.offsetForTimestamp(base + 500);
        Optional<TimestampAndOffset> between = log.offsetForTimestamp(base + 501);
        Optional<TimestampAndOffset> first = log.offsetForTimestamp(0);
        Optional<TimestampAndOffset> after = log.offsetForTimestamp(base + 10_000);

        // then
        assertThat(log.segmentCount()).isGreaterThan(5);
        assertThat(exact).get().extracting(t -> t.offset, t -> t.timestamp).containsExactly(100L, base + 500);
        assertThat(between).get().extracting(t -> t.offset, t -> t.timestamp).containsExactly(101L, base + 505);
        assertThat(first).get().extracting(t -> t.offset).isEqualTo(0L);
        assertThat(after).isEmpty();
    }

    @Test
    void shouldReturnRecordWithLargestTimestampWhenAskedForMaxTimestamp() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, smallSegments(1024));
        long base = time.milliseconds();
        for (int i = 0; i < 50; i++) {
            log.append(Batches.withTimestamps(base + i, base + (i == 17 ? 100_000 : i), base + i));
        }

        // when
        Optional<TimestampAndOffset> max = log.maxTimestampAndOffset();

        // then
        assertThat(max).get().extracting(t -> t.offset, t -> t.timestamp).containsExactly(17L * 3 + 1, base + 100_000);
    }

    @Test
    void shouldReturnEmptyWhenMaxTimestampOfEmptyLog() {
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        assertThat(log.maxTimestampAndOffset()).isEmpty();
        assertThat(log.offsetForTimestamp(0)).isEmpty();
    }

    @Test
    void shouldKeepBatchLayoutWhenStoredOnDisk() throws Exception {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        MemoryRecords sent = Batches.plain(CompressionType.LZ4, time.milliseconds(), "x", 7);
        byte[] original = new byte[sent.sizeInBytes()];
        sent.buffer().duplicate().get(original);

        // when
        log.append(Batches.plain(time.milliseconds(), "first"));
        log.append(sent);
        log.flush();

        // then: the file holds the producer's bytes, only base offset and leader epoch changed
        byte[] file = Files.readAllBytes(partitionDir(dataDir(), tp).resolve("00000000000000000000.log"));
        int start = file.length - original.length;
        assertThat(java.nio.ByteBuffer.wrap(file, start, 8).getLong()).isEqualTo(1L);
        assertThat(java.util.Arrays.copyOfRange(file, start + 16, file.length))
                .isEqualTo(java.util.Arrays.copyOfRange(original, 16, original.length));
        assertThat(java.nio.ByteBuffer.wrap(file, start + 12, 4).getInt()).isZero();
        assertThat(RecordBatch.CURRENT_MAGIC_VALUE).isEqualTo(file[start + 16]);
    }
}
