package io.lanes.storage;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLogTest extends LogTestSupport {

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "LZ4", "GZIP"})
    void shouldReadBackRecordsWhenAppended(CompressionType compression) {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());

        // when
        AppendResult first = log.append(Batches.plain(time.milliseconds(), "a", "b", "c"));
        AppendResult second = log.append(Batches.plain(compression, time.milliseconds(), "z", 5));
        ReadResult read = log.read(0, 1 << 20, log.highWatermark(), false);

        // then
        assertThat(first).isEqualTo(new AppendResult(0, 2, -1, 0, 3, false));
        assertThat(second.baseOffset()).isEqualTo(3);
        assertThat(second.lastOffset()).isEqualTo(7);
        assertThat(Batches.values(read.records())).containsExactly("0:a", "1:b", "2:c",
                "3:z-0", "4:z-1", "5:z-2", "6:z-3", "7:z-4");
        assertThat(read.highWatermark()).isEqualTo(8);
        assertThat(read.logEndOffset()).isEqualTo(8);
        assertThat(log.logEndOffset()).isEqualTo(8);
    }

    @Test
    void shouldAssignConsecutiveOffsetsWhenRequestHasSeveralBatches() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "x"));
        MemoryRecords request = Batches.concat(Batches.plain(time.milliseconds(), "a", "b"),
                Batches.plain(CompressionType.LZ4, time.milliseconds(), "c", 3));

        // when
        AppendResult result = log.append(request);

        // then
        assertThat(result.baseOffset()).isEqualTo(1);
        assertThat(result.lastOffset()).isEqualTo(5);
        assertThat(result.recordCount()).isEqualTo(5);
        assertThat(Batches.offsets(log.read(1, 1 << 20, 100, false).records())).containsExactly(1L, 2L, 3L, 4L, 5L);
        for (RecordBatch batch : log.read(0, 1 << 20, 100, false).records().batches()) {
            assertThat(batch.partitionLeaderEpoch()).isZero();
            assertThat(batch.isValid()).isTrue();
        }
    }

    @Test
    void shouldReturnWholeBatchesWhenMaxBytesCutsIntoABatch() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        MemoryRecords batch = Batches.plain(CompressionType.NONE, time.milliseconds(), "v", 10);
        int batchSize = batch.sizeInBytes();
        log.append(batch);
        log.append(Batches.plain(CompressionType.NONE, time.milliseconds(), "w", 10));

        // when
        ReadResult oneAndAHalf = log.read(0, batchSize + batchSize / 2, Long.MAX_VALUE, false);
        ReadResult tooSmall = log.read(0, batchSize - 1, Long.MAX_VALUE, false);
        ReadResult tooSmallButMinOne = log.read(0, batchSize - 1, Long.MAX_VALUE, true);

        // then
        assertThat(oneAndAHalf.records().sizeInBytes()).isEqualTo(batchSize);
        assertThat(tooSmall.records().sizeInBytes()).isZero();
        assertThat(tooSmallButMinOne.records().sizeInBytes()).isEqualTo(batchSize);
    }

    @Test
    void shouldStartAtContainingBatchWhenOffsetIsInsideABatch() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(CompressionType.NONE, time.milliseconds(), "v", 10));
        log.append(Batches.plain(CompressionType.NONE, time.milliseconds(), "w", 10));

        // when
        ReadResult read = log.read(15, 1 << 20, Long.MAX_VALUE, false);

        // then
        assertThat(Batches.offsets(read.records())).first().isEqualTo(10L);
    }

    @Test
    void shouldNotReturnBatchesAtOrAboveMaxOffsetWhenLimited() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "a", "b"));
        log.append(Batches.plain(time.milliseconds(), "c", "d"));
        log.append(Batches.plain(time.milliseconds(), "e"));

        // when
        ReadResult upToFour = log.read(0, 1 << 20, 4, false);
        ReadResult midBatch = log.read(0, 1 << 20, 3, false);
        ReadResult atLimit = log.read(4, 1 << 20, 4, false);

        // then
        assertThat(Batches.offsets(upToFour.records())).containsExactly(0L, 1L, 2L, 3L);
        assertThat(Batches.offsets(midBatch.records())).containsExactly(0L, 1L);
        assertThat(atLimit.records().sizeInBytes()).isZero();
    }

    @Test
    void shouldThrowOffsetOutOfRangeWhenStartIsOutsideTheLog() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "a", "b"));

        // when / then
        assertThat(log.read(2, 100, Long.MAX_VALUE, true).records().sizeInBytes()).isZero();
        assertThatThrownBy(() -> log.read(3, 100, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 100, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void shouldRejectBatchWhenCrcDoesNotMatch() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        MemoryRecords records = Batches.plain(time.milliseconds(), "a", "b");
        int last = records.sizeInBytes() - 1;
        records.buffer().put(last, (byte) (records.buffer().get(last) ^ 0x5a));

        // when / then
        assertThatThrownBy(() -> log.append(records)).isInstanceOf(CorruptRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldRejectBatchWhenMagicIsNotV2() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        MemoryRecords v1 = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, 0L, Compression.NONE,
                TimestampType.CREATE_TIME, Batches.record(time.milliseconds(), "old"));

        // when / then
        assertThatThrownBy(() -> log.append(v1)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void shouldRejectBatchWhenLargerThanMaxMessageBytes() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of("max.message.bytes", "200"));

        // when / then
        assertThatThrownBy(() -> log.append(Batches.plain(CompressionType.NONE, time.milliseconds(), "big", 20)))
                .isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void shouldRejectRecordsWhenTimestampTooFarInTheFuture() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of("message.timestamp.before.max.ms", "1000"));

        // when / then
        assertThatThrownBy(() -> log.append(Batches.plain(time.milliseconds() + 3_600_001L, "late")))
                .isInstanceOf(InvalidTimestampException.class);
        assertThatThrownBy(() -> log.append(Batches.plain(time.milliseconds() - 1001L, "early")))
                .isInstanceOf(InvalidTimestampException.class);
        assertThat(log.append(Batches.plain(time.milliseconds() + 3_600_000L, "ok")).baseOffset()).isZero();
    }

    @Test
    void shouldNameEachRecordOutsideTheTimestampBoundsEvenBelowTheBatchBaseTimestamp() {
        // given: the batch's first record is fine; the second is too old, the third too new
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of("message.timestamp.before.max.ms", "1000"));
        long now = time.milliseconds();

        // when / then
        assertThatThrownBy(() -> log.append(Batches.withTimestamps(now, now - 5_000, now + 3_600_001L)))
                .isInstanceOfSatisfying(RecordTimestampException.class, e -> assertThat(e.recordErrors())
                        .extracting(RecordTimestampException.RecordError::index).containsExactly(1, 2));
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldRejectControlBatchWhenSentByClient() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(time.milliseconds(), 7L, (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0));

        // when / then
        assertThatThrownBy(() -> log.append(marker)).isInstanceOf(InvalidRecordException.class);
        assertThat(log.append(marker, AppendOrigin.COORDINATOR).baseOffset()).isZero();
    }

    @Test
    void shouldAppendNothingWhenOneBatchOfTheRequestIsInvalid() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        MemoryRecords bad = Batches.plain(time.milliseconds(), "bad");
        bad.buffer().put(bad.sizeInBytes() - 1, (byte) (bad.buffer().get(bad.sizeInBytes() - 1) ^ 1));
        MemoryRecords request = Batches.concat(Batches.plain(time.milliseconds(), "good"), bad);

        // when / then
        assertThatThrownBy(() -> log.append(request)).isInstanceOf(CorruptRecordException.class);
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.sizeInBytes()).isZero();
    }

    @Test
    void shouldStampBrokerTimeWhenLogAppendTimeConfigured() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of("message.timestamp.type", "LogAppendTime"));

        // when
        AppendResult result = log.append(Batches.plain(123L, "a", "b"));

        // then
        assertThat(result.logAppendTime()).isEqualTo(time.milliseconds());
        RecordBatch batch = log.read(0, 1 << 20, 10, false).records().batches().iterator().next();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(time.milliseconds());
        assertThat(batch.isValid()).isTrue();
    }

    @Test
    void shouldReturnFileRecordsSliceWhenReading() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "a"));

        // when
        ReadResult read = log.read(0, 1000, 1, false);

        // then
        assertThat(read.records()).isInstanceOf(org.apache.kafka.common.record.internal.FileRecords.class);
        assertThat(Batches.values(read.records())).isEqualTo(List.of("0:a"));
    }
}
