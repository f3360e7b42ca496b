package io.lanes.storage;

import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeleteAndRetentionTest extends LogTestSupport {

    private PartitionLog filledLog(Map<String, String> extra, int batches) {
        Map<String, String> overrides = new HashMap<>(smallSegments(1024));
        overrides.putAll(extra);
        PartitionLog log = openLog(Durability.PAGE_CACHE, overrides);
        for (int i = 0; i < batches; i++) {
            log.append(Batches.plain(CompressionType.NONE, time.milliseconds(), "v" + i, 2));
        }
        return log;
    }

    @Test
    void shouldMoveLogStartAndDeleteSegmentsWhenDeletingRecords() {
        // given
        PartitionLog log = filledLog(Map.of(), 100);
        int segmentsBefore = log.segmentCount();
        long target = log.segmentBaseOffsets().get(3) + 1;

        // when
        long newStart = log.deleteRecordsBefore(target);

        // then
        assertThat(newStart).isEqualTo(target);
        assertThat(log.logStartOffset()).isEqualTo(target);
        assertThat(log.segmentCount()).isEqualTo(segmentsBefore - 3);
        assertThatThrownBy(() -> log.read(target - 1, 100, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(Batches.offsets(log.read(target, 100, Long.MAX_VALUE, true).records())).contains(target);
    }

    @Test
    void shouldRejectDeleteRecordsWhenOffsetAboveHighWatermark() {
        PartitionLog log = filledLog(Map.of(), 3);
        assertThatThrownBy(() -> log.deleteRecordsBefore(7)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.deleteRecordsBefore(6)).isEqualTo(6);
        assertThat(log.deleteRecordsBefore(2)).isEqualTo(6);
    }

    @Test
    void shouldKeepLogStartOffsetWhenRestarted() {
        // given
        PartitionLog log = filledLog(Map.of(), 100);
        long target = log.segmentBaseOffsets().get(2) + 1;
        log.deleteRecordsBefore(target);

        // when
        LogManager reopened = reopen();

        // then
        assertThat(reopened.get(tp)).get().extracting(PartitionLog::logStartOffset).isEqualTo(target);
    }

    @Test
    void shouldKeepLogStartOffsetWhenCrashedAfterDeleteRecords() throws Exception {
        // given
        PartitionLog log = filledLog(Map.of(), 100);
        long target = log.segmentBaseOffsets().get(2) + 1;
        log.deleteRecordsBefore(target);

        // when
        LogManager crashed = openManager(crashCopy(dataDir()), Durability.PAGE_CACHE);

        // then
        assertThat(crashed.get(tp)).get().extracting(PartitionLog::logStartOffset).isEqualTo(target);
    }

    private LogManager reopen() {
        closeManagers();
        return openManager(dataDir(), Durability.PAGE_CACHE);
    }

    @Test
    void shouldDeleteOldestSegmentsWhenRetentionBytesExceeded() {
        // given
        PartitionLog log = filledLog(Map.of("retention.bytes", "3000"), 100);
        long sizeBefore = log.sizeInBytes();

        // when
        int deleted = log.deleteOldSegments();

        // then
        assertThat(deleted).isGreaterThan(0);
        // Kafka's rule: delete whole oldest segments only while at least retention.bytes remain
        assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(3000).isLessThan(sizeBefore);
        assertThat(log.sizeInBytes() - sizeOfFirstSegment(log)).isLessThan(3000);
        assertThat(log.logStartOffset()).isEqualTo(log.segmentBaseOffsets().get(0));
        assertThat(readAll(log)).isNotEmpty();
    }

    private static long sizeOfFirstSegment(PartitionLog log) {
        java.util.List<Long> bases = log.segmentBaseOffsets();
        return log.read(bases.get(0), Integer.MAX_VALUE, bases.get(1), false).records().sizeInBytes();
    }

    @Test
    void shouldDeleteExpiredSegmentsWhenRetentionMsExceeded() {
        // given
        PartitionLog log = filledLog(Map.of("retention.ms", "60000"), 50);
        long end = log.logEndOffset();

        // when
        time.advance(30_000);
        int deletedEarly = log.deleteOldSegments();
        time.advance(31_000);
        int deletedLate = log.deleteOldSegments();

        // then
        assertThat(deletedEarly).isZero();
        assertThat(deletedLate).isGreaterThan(0);
        assertThat(log.logStartOffset()).isEqualTo(end);
        assertThat(log.logEndOffset()).isEqualTo(end);
        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(log.append(Batches.plain(time.milliseconds(), "after")).baseOffset()).isEqualTo(end);
    }

    @Test
    void shouldDeleteFilesWhenRetentionRemovesSegments() throws Exception {
        // given
        PartitionLog log = filledLog(Map.of("retention.bytes", "1500"), 60);

        // when
        log.deleteOldSegments();

        // then
        assertThat(filesWithSuffix(partitionDir(dataDir(), tp), ".log")).hasSize(log.segmentCount());
        assertThat(filesWithSuffix(partitionDir(dataDir(), tp), ".deleted")).isEmpty();
    }

    @Test
    void shouldStillReportMaxTimestampWhenAllRecordsDeletedLikeKafka() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.withTimestamps(1000, 10_000, 2000));
        log.deleteRecordsBefore(3);

        // when
        var max = log.maxTimestampAndOffset();

        // then: the segment still holds the record, as in Kafka
        assertThat(max).get().extracting(t -> t.offset, t -> t.timestamp).containsExactly(1L, 10_000L);
    }
}
