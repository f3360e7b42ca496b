package io.lanes.ops.lag;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The evaluator fed scripted snapshots and commits: windows per partition, group status, modes. */
class LagEvaluatorTest {
    private final LagEvaluator evaluator = new LagEvaluator(10, Duration.ZERO, LagThresholds.DEFAULTS);

    private static PartitionOffsets partition(int partition, long committed, long latest) {
        return new PartitionOffsets("orders", partition, committed, latest, 0, Member.NONE);
    }

    private static OffsetsSnapshot snapshot(long at, PartitionOffsets... partitions) {
        return new OffsetsSnapshot(at, List.of(new GroupOffsets("g", "Stable", List.of(partitions))));
    }

    @Test
    void shouldReportTheWorstPartitionWhenAGroupHasMixedPartitions() {
        // given: p0 keeps up, p1 falls behind, p2 stops
        evaluator.observe(snapshot(0, partition(0, 100, 110), partition(1, 100, 150), partition(2, 100, 150)), false);
        evaluator.observe(snapshot(1000, partition(0, 110, 110), partition(1, 140, 200), partition(2, 100, 200)), false);
        evaluator.observe(snapshot(2000, partition(0, 120, 125), partition(1, 180, 260), partition(2, 100, 260)), false);

        // when
        LagReport report = evaluator.evaluate(2000, Map.of(), CommitSource.sampling("test"));

        // then
        GroupLag group = report.groups().get(0);
        assertThat(group.partitions()).extracting(PartitionLag::status)
                .containsExactly(LagStatus.OK, LagStatus.WARN, LagStatus.STOP);
        assertThat(group.status()).isEqualTo(LagStatus.ERR);
        assertThat(group.rule()).startsWith("orders-2 STOP");
        assertThat(group.totalLag()).isEqualTo(5 + 80 + 160);
        assertThat(group.maxLag()).isEqualTo(160);
    }

    @Test
    void shouldReportStopWhenSampledCommitsRepeatOneOffset() {
        // given: without the commit log, repeated commits of one offset are invisible
        evaluator.observe(snapshot(0, partition(0, 100, 150)), false);
        evaluator.observe(snapshot(1000, partition(0, 100, 160)), false);

        // when
        LagReport report = evaluator.evaluate(1000, Map.of(), CommitSource.sampling("test"));

        // then
        assertThat(report.groups().get(0).partitions().get(0).status()).isEqualTo(LagStatus.STOP);
    }

    @Test
    void shouldReportStallWhenTheCommitLogShowsCommitsOfOneOffset() {
        // given
        evaluator.observe(snapshot(0, partition(0, 100, 150)), true);
        evaluator.observe(new OffsetCommit("g", "orders", 0, 100, 500));
        evaluator.observe(snapshot(1000, partition(0, 100, 160)), true);
        evaluator.observe(new OffsetCommit("g", "orders", 0, 100, 1000));

        // when
        LagReport report = evaluator.evaluate(1200, Map.of(), CommitSource.commitLog());

        // then
        PartitionLag p = report.groups().get(0).partitions().get(0);
        assertThat(p.status()).isEqualTo(LagStatus.STALL);
        assertThat(p.window()).hasSize(3);
    }

    @Test
    void shouldReportRewindWhenACommittedOffsetGoesBack() {
        // given
        evaluator.observe(snapshot(0, partition(0, 100, 150)), false);
        evaluator.observe(snapshot(1000, partition(0, 20, 150)), false);

        // when
        LagReport report = evaluator.evaluate(1000, Map.of(), CommitSource.sampling("test"));

        // then
        assertThat(report.groups().get(0).status()).isEqualTo(LagStatus.ERR);
        assertThat(report.groups().get(0).partitions().get(0).status()).isEqualTo(LagStatus.REWIND);
    }

    @Test
    void shouldGiveLagInSecondsFromTheOldestUnconsumedRecordWhenItsTimestampIsKnown() {
        // given
        evaluator.observe(snapshot(10_000, partition(0, 100, 150), partition(1, 7, 7)), false);

        // when
        LagReport report = evaluator.evaluate(12_500,
                Map.of(new org.apache.kafka.common.TopicPartition("orders", 0), Map.of(100L, 4_000L)),
                CommitSource.sampling("test"));

        // then
        assertThat(report.groups().get(0).partitions()).extracting(PartitionLag::lagSeconds).containsExactly(8.5, 0.0);
        assertThat(report.groups().get(0).maxLagSeconds()).isEqualTo(8.5);
    }
}
