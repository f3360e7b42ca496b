package io.lanes.storage;

import io.lanes.storage.internal.ProducerBatch;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerStateTest extends LogTestSupport {

    private static final long PID = 4242L;

    private MemoryRecords batch(short epoch, int seq, int count) {
        return Batches.idempotent(PID, epoch, seq, count, time.milliseconds());
    }

    @Test
    void shouldReturnOriginalOffsetsWhenBatchIsRetried() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "other"));
        AppendResult first = log.append(batch((short) 0, 0, 3));
        log.append(batch((short) 0, 3, 2));

        // when
        AppendResult retry = log.append(batch((short) 0, 0, 3));

        // then
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(first.baseOffset());
        assertThat(retry.lastOffset()).isEqualTo(first.lastOffset());
        assertThat(log.logEndOffset()).isEqualTo(6);
    }

    @Test
    void shouldDetectDuplicatesOfLastFiveBatchesOnlyWhenManyBatchesAppended() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        for (int i = 0; i < 6; i++) {
            log.append(batch((short) 0, i, 1));
        }

        // when / then
        assertThat(log.append(batch((short) 0, 1, 1)).duplicate()).isTrue();
        assertThatThrownBy(() -> log.append(batch((short) 0, 0, 1))).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(6);
    }

    @Test
    void shouldRejectSequenceGapWhenOutOfOrder() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(batch((short) 0, 0, 2));

        // when / then
        assertThatThrownBy(() -> log.append(batch((short) 0, 3, 1))).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.append(batch((short) 0, 2, 1)).baseOffset()).isEqualTo(2);
    }

    @Test
    void shouldAcceptAnyFirstSequenceWhenProducerIsUnknownLikeKafka() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());

        // when
        AppendResult first = log.append(batch((short) 0, 5, 1));

        // then: from then on the sequence must follow
        assertThat(first.duplicate()).isFalse();
        assertThatThrownBy(() -> log.append(batch((short) 0, 7, 1))).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.append(batch((short) 0, 6, 1)).baseOffset()).isEqualTo(1);
    }

    @Test
    void shouldRequireSequenceZeroWhenEpochIsBumped() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(batch((short) 0, 0, 5));

        // when / then
        assertThatThrownBy(() -> log.append(batch((short) 1, 5, 1))).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.append(batch((short) 1, 0, 1)).duplicate()).isFalse();
    }

    @Test
    void shouldRejectOlderEpochWhenNewerEpochKnown() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(batch((short) 3, 0, 1));

        // when / then
        assertThatThrownBy(() -> log.append(batch((short) 2, 1, 1))).isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void shouldAcceptWrappedSequenceWhenLastSequenceIsMaxInt() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(batch((short) 0, 0, 1));
        // Rebuild state as if the producer had reached the end of the sequence space.
        log.producerStateManager().replay(new ProducerBatch(PID, (short) 0, Integer.MAX_VALUE - 1, Integer.MAX_VALUE,
                0, 0, time.milliseconds(), false, null));

        // when
        AppendResult wrapped = log.append(batch((short) 0, 0, 2));

        // then
        assertThat(wrapped.duplicate()).isFalse();
        assertThat(wrapped.recordCount()).isEqualTo(2);
    }

    @Test
    void shouldCheckBatchesInOrderWhenOneRequestHoldsSeveralBatchesOfAProducer() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());

        // when
        AppendResult result = log.append(Batches.concat(batch((short) 0, 0, 2), batch((short) 0, 2, 3)));

        // then
        assertThat(result.lastOffset()).isEqualTo(4);
        assertThatThrownBy(() -> log.append(Batches.concat(batch((short) 0, 5, 1), batch((short) 0, 7, 1))))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(log.append(batch((short) 0, 5, 1)).baseOffset()).isEqualTo(5);
    }

    @Test
    void shouldSkipChecksWhenBatchIsNotIdempotent() {
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "a"));
        assertThat(log.append(Batches.plain(time.milliseconds(), "a")).duplicate()).isFalse();
    }

    @Test
    void shouldStoreTransactionalBatchesWhenAppended() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());

        // when
        AppendResult result = log.append(Batches.transactional(PID, (short) 0, 0, 3, time.milliseconds()));

        // then
        assertThat(result.recordCount()).isEqualTo(3);
        assertThat(log.producerStateManager().entry(PID)).get()
                .extracting(e -> e.currentTxnFirstOffset()).isEqualTo(0L);
    }

    @Test
    void shouldDetectDuplicateWhenRestartedCleanly() throws Exception {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        AppendResult first = log.append(batch((short) 0, 0, 3));
        log.append(batch((short) 0, 3, 3));
        closeManagers();

        // when
        PartitionLog reopened = openManager(dataDir(), Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(Files.exists(partitionDir(dataDir(), tp).resolve("00000000000000000006.snapshot"))).isTrue();
        AppendResult retry = reopened.append(batch((short) 0, 0, 3));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(first.baseOffset());
        assertThatThrownBy(() -> reopened.append(batch((short) 0, 7, 1))).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(reopened.append(batch((short) 0, 6, 1)).baseOffset()).isEqualTo(6);
    }

    @Test
    void shouldRebuildProducerStateWhenCrashed() throws Exception {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, smallSegments(1024));
        AppendResult last = null;
        for (int i = 0; i < 40; i++) {
            last = log.append(batch((short) 0, i * 2, 2));
        }
        log.append(Batches.idempotent(99L, (short) 7, 0, 1, time.milliseconds()));

        // when
        PartitionLog recovered = openManager(crashCopy(dataDir()), Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(recovered.segmentCount()).isGreaterThan(1);
        AppendResult retry = recovered.append(batch((short) 0, 78, 2));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.baseOffset()).isEqualTo(last.baseOffset());
        assertThatThrownBy(() -> recovered.append(Batches.idempotent(99L, (short) 6, 1, 1, time.milliseconds())))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(recovered.append(batch((short) 0, 80, 1)).duplicate()).isFalse();
    }

    @Test
    void shouldRebuildProducerStateWhenSnapshotsAreMissing() throws Exception {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, smallSegments(1024));
        for (int i = 0; i < 30; i++) {
            log.append(batch((short) 0, i, 1));
        }
        closeManagers();
        for (var snapshot : filesWithSuffix(partitionDir(dataDir(), tp), ".snapshot")) {
            Files.delete(snapshot);
        }

        // when
        PartitionLog reopened = openManager(dataDir(), Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(reopened.append(batch((short) 0, 29, 1)).duplicate()).isTrue();
        assertThat(reopened.append(batch((short) 0, 30, 1)).baseOffset()).isEqualTo(30);
    }

    @Test
    void shouldIgnoreCorruptSnapshotWhenLoading() throws Exception {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(batch((short) 0, 0, 1));
        closeManagers();
        var snapshot = partitionDir(dataDir(), tp).resolve("00000000000000000001.snapshot");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 1] ^= 1;
        Files.write(snapshot, bytes);

        // when
        PartitionLog reopened = openManager(dataDir(), Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(reopened.append(batch((short) 0, 0, 1)).duplicate()).isTrue();
    }

    @Test
    void shouldDescribeProducersWhenAsked() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(batch((short) 2, 0, 4));

        // when
        var producers = log.producers();

        // then
        assertThat(producers).containsExactly(new ProducerInfo(PID, (short) 2, 3, time.milliseconds(), -1, -1));
    }
}
