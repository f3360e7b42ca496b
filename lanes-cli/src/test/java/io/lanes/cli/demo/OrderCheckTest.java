package io.lanes.cli.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderCheckTest {

    /** One order (id 1) of {@code n} events, all on partition 0. */
    private static TestRun oneOrder(int n) {
        TestRun run = new TestRun(1, "billing");
        for (int seq = 0; seq < n; seq++) {
            run.produce(0, 1, seq);
        }
        return run;
    }

    @Test
    void shouldPassWhenANewOwnerRepeatsEventsTheGroupAlreadyProcessed() {
        // given: billing-1 processed seq 0..4 but committed only up to seq 3; billing-2 re-reads 4
        TestRun run = oneOrder(7);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0, 1, 2, 3, 4).lose(20, 0);
        run.member("billing", "billing-2").assign(30, 0).deliver(run, 40, 0, 4, 5, 6);

        // when
        CheckResult result = OrderCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).contains("billing: 1 order, 8 events checked, 1 redelivered after a handover, "
                + "none out of order");
    }

    @Test
    void shouldFailWhenASeqIsSkippedAcrossAHandover() {
        // given: billing-2 starts at seq 5 though the group only processed up to seq 3
        TestRun run = oneOrder(7);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0, 1, 2, 3).revoke(20, 21, 0);
        run.member("billing", "billing-2").assign(30, 0).deliver(run, 40, 0, 5, 6);

        // when
        CheckResult result = OrderCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isFalse();
        assertThat(result.violations()).containsExactly("billing: ord-000001 seq 5 reached billing-2 (p0@5, 0.04s) "
                + "when the group had processed only up to seq 3");
    }

    @Test
    void shouldFailWhenEventsGoBackwardsWithinOneOwnership() {
        // given
        TestRun run = oneOrder(3);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0, 2, 1);

        // when
        CheckResult result = OrderCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly(
                "billing: ord-000001 seq 2 reached billing-1 (p0@2, 0.01s) right after seq 0",
                "billing: ord-000001 seq 1 reached billing-1 (p0@1, 0.01s) right after seq 2");
    }

    @Test
    void shouldFailWhenASeqRepeatsWithinOneOwnership() {
        // given
        TestRun run = oneOrder(3);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0, 1, 1, 2);

        // when
        CheckResult result = OrderCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly(
                "billing: ord-000001 seq 1 reached billing-1 (p0@1, 0.01s) right after seq 1");
    }

    @Test
    void shouldFailWhenAnOrderStartsAfterSeqZero() {
        // given
        TestRun run = oneOrder(3);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 1, 2);

        // when
        CheckResult result = OrderCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly("billing: ord-000001 seq 1 reached billing-1 (p0@1, 0.01s) "
                + "when the group had processed only up to seq -1");
    }

    @Test
    void shouldCheckEachGroupOnItsOwnWhenGroupsReadAtDifferentPaces() {
        // given: analytics is behind billing; that is not a gap for analytics
        TestRun run = new TestRun(1, "billing", "analytics");
        for (int seq = 0; seq < 4; seq++) {
            run.produce(0, 1, seq);
        }
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0, 1, 2, 3);
        run.member("analytics", "analytics-1").assign(0, 0).deliver(run, 5, 0, 0, 1);

        // when
        CheckResult result = OrderCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isTrue();
    }
}
