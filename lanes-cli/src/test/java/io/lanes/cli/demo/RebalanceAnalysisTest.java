package io.lanes.cli.demo;

import io.lanes.cli.demo.RebalanceAnalysis.Move;
import io.lanes.cli.demo.RebalanceAnalysis.Rebalance;
import io.lanes.cli.demo.RunRecord.Change;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RebalanceAnalysisTest {

    /**
     * billing-1 owns p0..p2 from the start; billing-2 joins at 1000 ms and gets p2 at 1700 ms;
     * meanwhile billing-1 goes on reading p0 (at 1300 ms) and p1 (at 1600 ms).
     */
    private static TestRun joinMovingOnePartition() {
        TestRun run = new TestRun(3, "billing");
        for (int p = 0; p < 3; p++) {
            run.produce(p, p + 1, 0);
            run.produce(p, p + 1, 1);
        }
        run.change("billing", "billing-1", Change.JOINED, 0, false);
        run.change("billing", "billing-2", Change.JOINED, 1000, true);
        run.member("billing", "billing-1").assign(0, 0, 1, 2).deliver(run, 100, 2, 0)
                .revoke(1200, 1210, 2).deliver(run, 1300, 0, 0, 1).deliver(run, 1600, 1, 0, 1);
        run.member("billing", "billing-2").assign(1300).assign(1700, 2).deliver(run, 1750, 2, 1);
        return run;
    }

    @Test
    void shouldMeasureThePauseFromTheFirstCallbackToTheFirstRecordOfTheLastMovedPartition() {
        // given
        RunRecord run = joinMovingOnePartition().build(3000);

        // when
        List<Rebalance> rebalances = RebalanceAnalysis.analyse(run);

        // then
        assertThat(rebalances).hasSize(1);
        Rebalance rebalance = rebalances.get(0);
        assertThat(rebalance.firstCallbackNanos()).isEqualTo(TestRun.at(1200));
        assertThat(rebalance.pauseNanos()).isEqualTo(550_000_000L);
        assertThat(rebalance.moves()).containsExactly(
                new Move(2, "billing-1", "billing-2", TestRun.at(1200), TestRun.at(1750)));
        assertThat(rebalance.partitionsKept()).isEqualTo(2);
        assertThat(rebalance.keptGapNanos()).isEqualTo(449_000_000L); // p0: from its record at 1301 ms to 1750 ms
        assertThat(RebalanceAnalysis.describe(run, rebalance)).isEqualTo("billing, billing-2 joined at 1.00s: "
                + "1 partition moved (p2 billing-1->billing-2), paused 550 ms (from 1.20s to 1.75s; longest for one "
                + "partition 550 ms); the other 2 partitions kept their owner and kept flowing (longest gap between "
                + "their records meanwhile: 449 ms)");
        assertThat(RebalanceAnalysis.check(run, rebalances).passed()).isTrue();
    }

    @Test
    void shouldEndThePauseAtTheAssignmentWhenTheNewOwnerHadNothingToRead() {
        // given: billing-2 gets p1 at 1500 ms and nothing more is produced there
        TestRun run = new TestRun(2, "billing");
        run.change("billing", "billing-1", Change.JOINED, 0, false);
        run.change("billing", "billing-2", Change.JOINED, 1000, true);
        run.member("billing", "billing-1").assign(0, 0, 1).revoke(1100, 1100, 1);
        run.member("billing", "billing-2").assign(1500, 1);

        // when
        List<Rebalance> rebalances = RebalanceAnalysis.analyse(run.build(3000));

        // then
        assertThat(rebalances.get(0).pauseNanos()).isEqualTo(400_000_000L);
    }

    @Test
    void shouldReportNoPauseWhenNoPartitionMoved() {
        // given
        TestRun run = new TestRun(1, "billing");
        run.change("billing", "billing-1", Change.JOINED, 0, false);
        run.change("billing", "billing-2", Change.JOINED, 1000, true);
        run.member("billing", "billing-1").assign(0, 0).assign(1100);
        run.member("billing", "billing-2").assign(1100);
        RunRecord record = run.build(3000);

        // when
        List<Rebalance> rebalances = RebalanceAnalysis.analyse(record);

        // then
        assertThat(rebalances.get(0).pauseNanos()).isZero();
        assertThat(RebalanceAnalysis.describe(record, rebalances.get(0)))
                .isEqualTo("billing, billing-2 joined at 1.00s: no partition changed hands (1 partition kept their owner)");
    }

    @Test
    void shouldFailWhenAGivenUpPartitionHasNoNewOwnerBeforeTheNextChange() {
        // given: billing-1 leaves at 1000 ms, nobody takes p0 before the shutdown at 2000 ms
        TestRun run = new TestRun(1, "billing");
        run.change("billing", "billing-1", Change.JOINED, 0, false);
        run.change("billing", "billing-2", Change.JOINED, 0, false);
        run.change("billing", "billing-1", Change.LEFT, 1000, true);
        run.change("billing", "billing-2", Change.LEFT, 2000, false);
        run.member("billing", "billing-1").assign(0, 0).revoke(1010, 1020, 0);
        run.member("billing", "billing-2").assign(0).assign(2500, 0);
        RunRecord record = run.build(2000);

        // when
        List<Rebalance> rebalances = RebalanceAnalysis.analyse(record);
        CheckResult result = RebalanceAnalysis.check(record, rebalances);

        // then
        assertThat(rebalances.get(0).finished()).isFalse();
        assertThat(result.violations()).containsExactly(
                "billing p0, given up by billing-1 at 1.01s, had no new owner before the group's next change or the end");
    }

    @Test
    void shouldIgnoreTheInitialJoinsAndTheFinalShutdown() {
        // given
        TestRun run = new TestRun(1, "billing");
        run.change("billing", "billing-1", Change.JOINED, 0, false);
        run.change("billing", "billing-1", Change.LEFT, 2000, false);
        run.member("billing", "billing-1").assign(10, 0).revoke(2010, 2020, 0);

        // when
        List<Rebalance> rebalances = RebalanceAnalysis.analyse(run.build(2000));

        // then
        assertThat(rebalances).isEmpty();
    }
}
