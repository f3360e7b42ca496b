package io.lanes.ops.lag;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Burrow's partition rules on scripted commit histories, one status at a time. */
class BurrowRulesTest {

    /** Commits one second apart from t=0: {offset, lag} pairs. */
    private static List<OffsetObservation> history(long[]... commits) {
        List<OffsetObservation> window = new ArrayList<>();
        for (int i = 0; i < commits.length; i++) {
            window.add(new OffsetObservation(commits[i][0], commits[i][1], i * 1000L));
        }
        return window;
    }

    @Test
    void shouldBeOkWhenLagDecreasesWhileCommitsAdvance() {
        // given
        var window = history(new long[]{100, 50}, new long[]{150, 60}, new long[]{220, 40});

        // when
        PartitionVerdict verdict = BurrowRules.evaluate(window, 40, 2500);

        // then
        assertThat(verdict.status()).isEqualTo(LagStatus.OK);
    }

    @Test
    void shouldBeOkWhenLagWasZeroWithinTheWindowEvenIfOtherwiseStopped() {
        // given
        var window = history(new long[]{100, 0}, new long[]{100, 10});

        // when
        PartitionVerdict verdict = BurrowRules.evaluate(window, 10, 60_000);

        // then
        assertThat(verdict.status()).isEqualTo(LagStatus.OK);
        assertThat(verdict.rule()).contains("lag was 0");
    }

    @Test
    void shouldBeOkWhenThereIsNoLagNow() {
        // given
        var window = history(new long[]{100, 5}, new long[]{90, 5});

        // when
        PartitionVerdict verdict = BurrowRules.evaluate(window, 0, 60_000);

        // then
        assertThat(verdict.status()).isEqualTo(LagStatus.OK);
    }

    @Test
    void shouldWarnWhenCommitsAdvanceButLagNeverDecreases() {
        // given
        var window = history(new long[]{100, 50}, new long[]{150, 50}, new long[]{200, 80});

        // when
        PartitionVerdict verdict = BurrowRules.evaluate(window, 90, 2500);

        // then
        assertThat(verdict.status()).isEqualTo(LagStatus.WARN);
        assertThat(verdict.rule()).contains("50 -> 80");
    }

    @Test
    void shouldReportStopWhenTimeSinceLastCommitExceedsTheWindowSpan() {
        // given: commits span 2 s, the last one 2.001 s ago
        var window = history(new long[]{100, 50}, new long[]{150, 60}, new long[]{200, 70});

        // when
        PartitionVerdict verdict = BurrowRules.evaluate(window, 70, 4001);

        // then
        assertThat(verdict.status()).isEqualTo(LagStatus.STOP);
    }

    @Test
    void shouldNotReportStopWhenTimeSinceLastCommitEqualsTheWindowSpan() {
        // given: the boundary itself: 2 s since the last commit, commits span 2 s
        var window = history(new long[]{100, 50}, new long[]{150, 60}, new long[]{200, 70});

        // when
        PartitionVerdict verdict = BurrowRules.evaluate(window, 70, 4000);

        // then
        assertThat(verdict.status()).isEqualTo(LagStatus.WARN);
    }

    @Test
    void shouldReportStopWhenOnlyOneCommitWasSeenAndTimePassed() {
        // given
        var window = history(new long[]{100, 50});

        // when
        PartitionVerdict verdict = BurrowRules.evaluate(window, 50, 1);

        // then
        assertThat(verdict.status()).isEqualTo(LagStatus.STOP);
    }

    @Test
    void shouldReportStallWhenEveryCommitRepeatsOneOffsetWithLag() {
        // given
        var window = history(new long[]{100, 50}, new long[]{100, 60}, new long[]{100, 70});

        // when
        PartitionVerdict verdict = BurrowRules.evaluate(window, 70, 2500);

        // then
        assertThat(verdict.status()).isEqualTo(LagStatus.STALL);
    }

    @Test
    void shouldReportRewindBeforeAnyOtherErrorWhenAnOffsetGoesBack() {
        // given: also stopped and otherwise stalled; rewind is checked first
        var window = history(new long[]{100, 50}, new long[]{40, 110}, new long[]{40, 120});

        // when
        PartitionVerdict verdict = BurrowRules.evaluate(window, 120, 60_000);

        // then
        assertThat(verdict.status()).isEqualTo(LagStatus.REWIND);
        assertThat(verdict.rule()).contains("from 100 to 40");
    }

    @Test
    void shouldMapPartitionErrorsToErrWhenSeenAtGroupLevel() {
        // then
        assertThat(LagStatus.STOP.groupLevel()).isEqualTo(LagStatus.ERR);
        assertThat(LagStatus.STALL.groupLevel()).isEqualTo(LagStatus.ERR);
        assertThat(LagStatus.REWIND.groupLevel()).isEqualTo(LagStatus.ERR);
        assertThat(LagStatus.WARN.groupLevel()).isEqualTo(LagStatus.WARN);
        assertThat(LagStatus.REWIND.reaches(LagStatus.WARN)).isTrue();
        assertThat(LagStatus.OK.reaches(LagStatus.WARN)).isFalse();
    }
}
