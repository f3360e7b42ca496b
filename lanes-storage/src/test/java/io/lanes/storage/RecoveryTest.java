package io.lanes.storage;

import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryTest extends LogTestSupport {

    private PartitionLog fill(PartitionLog log, int batches) {
        for (int i = 0; i < batches; i++) {
            CompressionType c = i % 3 == 0 ? CompressionType.LZ4 : CompressionType.NONE;
            log.append(Batches.plain(c, time.milliseconds() + i, "b" + i, 1 + i % 5));
        }
        return log;
    }

    @Test
    void shouldServeSameRecordsWhenReopenedAfterCleanShutdown() {
        // given
        PartitionLog log = fill(openLog(Durability.PAGE_CACHE, smallSegments(2048)), 120);
        List<String> before = readAll(log);
        List<Long> bases = log.segmentBaseOffsets();
        closeManagers();

        // when
        PartitionLog reopened = openManager(dataDir(), Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(dataDir().resolve(LogManager.CLEAN_SHUTDOWN_MARKER)).doesNotExist();
        assertThat(reopened.segmentBaseOffsets()).isEqualTo(bases);
        assertThat(reopened.logEndOffset()).isEqualTo(log.logEndOffset());
        assertThat(reopened.topicId()).isEqualTo(topicId);
        assertThat(readAll(reopened)).isEqualTo(before);
        assertThat(reopened.append(Batches.plain(time.milliseconds(), "next")).baseOffset()).isEqualTo(log.logEndOffset());
    }

    @Test
    void shouldWriteMarkerAndTrimmedIndexesWhenClosed() throws Exception {
        // given
        fill(openLog(Durability.PAGE_CACHE, Map.of()), 10);

        // when
        closeManagers();

        // then
        assertThat(dataDir().resolve(LogManager.CLEAN_SHUTDOWN_MARKER)).exists();
        Path dir = partitionDir(dataDir(), tp);
        assertThat(Files.size(dir.resolve("00000000000000000000.index"))).isLessThan(1024);
        assertThat(Files.readString(dir.resolve("partition.metadata"))).isEqualTo("version: 0\ntopic_id: " + topicId + "\n");
        assertThat(filesWithSuffix(dir, ".snapshot")).isNotEmpty();
        assertThat(Files.readAllLines(dataDir().resolve("recovery-point-offset-checkpoint")))
                .containsExactly("0", "1", "orders 0 " + 30);
    }

    @Test
    void shouldRecoverEverythingWhenCrashedWithIntactFiles() throws Exception {
        // given
        PartitionLog log = fill(openLog(Durability.PAGE_CACHE, smallSegments(2048)), 120);
        List<String> before = readAll(log);

        // when
        PartitionLog recovered = openManager(crashCopy(dataDir()), Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(readAll(recovered)).isEqualTo(before);
        assertThat(recovered.logEndOffset()).isEqualTo(log.logEndOffset());
    }

    @Test
    void shouldTruncateTornTailWhenCrashedMidWrite() throws Exception {
        // given
        PartitionLog log = fill(openLog(Durability.PAGE_CACHE, Map.of()), 20);
        List<String> before = readAll(log);
        Path crashed = crashCopy(dataDir());
        Path segment = partitionDir(crashed, tp).resolve("00000000000000000000.log");
        List<Integer> batchEnds = batchEnds(segment);
        int cut = batchEnds.get(14) + 7; // in the middle of batch 15

        // when
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(cut);
        }
        PartitionLog recovered = openManager(crashed, Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        List<String> after = readAll(recovered);
        assertThat(after).isEqualTo(before.subList(0, after.size()));
        assertThat(Files.size(partitionDir(crashed, tp).resolve("00000000000000000000.log"))).isEqualTo((long) batchEnds.get(14));
        assertThat(recovered.append(Batches.plain(time.milliseconds(), "next")).baseOffset()).isEqualTo(recovered.logEndOffset() - 1);
    }

    @Test
    void shouldTruncateAtCorruptBatchWhenRecordBytesFlipped() throws Exception {
        // given
        PartitionLog log = fill(openLog(Durability.PAGE_CACHE, Map.of()), 20);
        List<String> before = readAll(log);
        Path crashed = crashCopy(dataDir());
        Path segment = partitionDir(crashed, tp).resolve("00000000000000000000.log");
        List<Integer> ends = batchEnds(segment);

        // when
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            long pos = ends.get(9) + 70; // inside the records of batch 10
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0xff);
        }
        PartitionLog recovered = openManager(crashed, Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        long firstLost = offsetAtPosition(log, ends.get(9));
        assertThat(recovered.logEndOffset()).isEqualTo(firstLost);
        assertThat(readAll(recovered)).isEqualTo(before.subList(0, (int) firstLost));
    }

    @Test
    void shouldRebuildIndexWhenIndexFileMissing() throws Exception {
        // given
        PartitionLog log = fill(openLog(Durability.PAGE_CACHE, smallSegments(2048)), 60);
        List<String> before = readAll(log);
        closeManagers();
        Files.delete(partitionDir(dataDir(), tp).resolve("00000000000000000000.index"));

        // when
        PartitionLog reopened = openManager(dataDir(), Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(readAll(reopened)).isEqualTo(before);
        assertThat(partitionDir(dataDir(), tp).resolve("00000000000000000000.index")).exists();
    }

    @Test
    void shouldDropFollowingSegmentsWhenEarlierSegmentIsCorrupt() throws Exception {
        // given
        PartitionLog log = fill(openLog(Durability.PAGE_CACHE, smallSegments(2048)), 120);
        List<String> before = readAll(log);
        Path crashed = crashCopy(dataDir());
        // Pretend nothing was fsynced: recovery must check every segment.
        Files.deleteIfExists(crashed.resolve("recovery-point-offset-checkpoint"));
        long secondBase = log.segmentBaseOffsets().get(1);
        Path second = partitionDir(crashed, tp).resolve(String.format("%020d.log", secondBase));

        // when
        try (RandomAccessFile f = new RandomAccessFile(second.toFile(), "rw")) {
            f.seek(f.length() - 3);
            f.write(0x42 ^ f.read());
        }
        PartitionLog recovered = openManager(crashed, Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        List<String> after = readAll(recovered);
        assertThat(recovered.segmentCount()).isEqualTo(2);
        assertThat(after).isEqualTo(before.subList(0, after.size()));
        assertThat((long) after.size()).isGreaterThan(secondBase);
    }

    @Test
    void shouldRebuildIndexWhenIndexFailsSanityCheckAfterCleanShutdown() throws Exception {
        // given
        PartitionLog log = fill(openLog(Durability.PAGE_CACHE, smallSegments(2048)), 60);
        List<String> before = readAll(log);
        closeManagers();
        Path index = partitionDir(dataDir(), tp).resolve("00000000000000000000.index");
        byte[] bytes = Files.readAllBytes(index);
        assertThat(bytes.length).isGreaterThanOrEqualTo(16);
        // second entry now points before the first: positions must increase
        java.nio.ByteBuffer.wrap(bytes).putInt(12, 0);
        Files.write(index, bytes);

        // when
        PartitionLog reopened = openManager(dataDir(), Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(readAll(reopened)).isEqualTo(before);
        for (long offset = 0; offset < reopened.logEndOffset(); offset++) {
            assertThat(Batches.offsets(reopened.read(offset, 1, Long.MAX_VALUE, true).records())).contains(offset);
        }
    }

    /** Positions right after each batch of a segment file. */
    static List<Integer> batchEnds(Path segment) throws Exception {
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            java.util.ArrayList<Integer> ends = new java.util.ArrayList<>();
            int pos = 0;
            for (RecordBatch b : records.batches()) {
                pos += b.sizeInBytes();
                ends.add(pos);
            }
            return ends;
        }
    }

    private static long offsetAtPosition(PartitionLog log, int position) {
        FileRecords all = (FileRecords) log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, false).records();
        int pos = 0;
        for (RecordBatch b : all.batches()) {
            if (pos == position) {
                return b.baseOffset();
            }
            pos += b.sizeInBytes();
        }
        throw new IllegalArgumentException("No batch at " + position);
    }
}
