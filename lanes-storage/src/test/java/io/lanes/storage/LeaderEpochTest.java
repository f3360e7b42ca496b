package io.lanes.storage;

import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaderEpochTest extends LogTestSupport {

    private static List<Integer> epochsOf(ReadResult r) {
        List<Integer> out = new ArrayList<>();
        for (RecordBatch b : r.records().batches()) {
            out.add(b.partitionLeaderEpoch());
        }
        return out;
    }

    @Test
    void shouldStampEpochZeroWhenLogIsNew() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());

        // when
        log.append(Batches.plain(time.milliseconds(), "a", "b"));

        // then
        assertThat(log.leaderEpoch()).isZero();
        assertThat(epochsOf(log.read(0, 1 << 20, 10, false))).containsExactly(0);
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 2));
        assertThat(partitionDir(dataDir(), tp).resolve("leader-epoch-checkpoint")).hasContent("0\n1\n0 0");
    }

    @Test
    void shouldAnswerOffsetsForLeaderEpochLikeKafkaWhenEpochsChange() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "a", "b"));
        log.setLeaderEpoch(2);
        log.append(Batches.plain(time.milliseconds(), "c"));
        log.setLeaderEpoch(5);
        log.append(Batches.plain(time.milliseconds(), "d", "e"));

        // when / then
        assertThat(epochsOf(log.read(0, 1 << 20, 10, false))).containsExactly(0, 2, 5);
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 2));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(0, 2));
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(2, 3));
        assertThat(log.endOffsetForEpoch(5)).isEqualTo(new EpochEndOffset(5, 5));
        assertThat(log.endOffsetForEpoch(6)).isEqualTo(new EpochEndOffset(-1, -1));
        assertThat(log.endOffsetForEpoch(-1)).isEqualTo(new EpochEndOffset(-1, -1));
        assertThat(log.epochForOffset(2)).isEqualTo(OptionalInt.of(2));
        assertThat(log.epochForOffset(4)).isEqualTo(OptionalInt.of(5));
        assertThatThrownBy(() -> log.setLeaderEpoch(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepEpochsWhenRestartedOrCrashed() throws Exception {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "a"));
        log.setLeaderEpoch(3);
        log.append(Batches.plain(time.milliseconds(), "b"));
        java.nio.file.Path crashed = crashCopy(dataDir());
        Files.delete(partitionDir(crashed, tp).resolve("leader-epoch-checkpoint"));
        closeManagers();

        // when
        PartitionLog reopened = openManager(dataDir(), Durability.PAGE_CACHE).get(tp).orElseThrow();
        PartitionLog rebuilt = openManager(crashed, Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        for (PartitionLog l : List.of(reopened, rebuilt)) {
            assertThat(l.leaderEpoch()).isEqualTo(3);
            assertThat(l.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 1));
            assertThat(l.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 2));
        }
    }

    @Test
    void shouldForgetEpochsBelowLogStartWhenRecordsDeleted() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "a", "b"));
        log.setLeaderEpoch(1);
        log.append(Batches.plain(time.milliseconds(), "c", "d"));
        log.setLeaderEpoch(2);
        log.append(Batches.plain(time.milliseconds(), "e"));

        // when
        log.deleteRecordsBefore(3);

        // then
        assertThat(log.epochForOffset(3)).isEqualTo(OptionalInt.of(1));
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 3));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 4));
    }
}
