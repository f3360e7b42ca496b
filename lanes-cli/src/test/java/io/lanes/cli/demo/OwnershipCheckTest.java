package io.lanes.cli.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipCheckTest {

    @Test
    void shouldPassWhenTheNextOwnerIsAssignedAfterThePreviousRevocationEnded() {
        // given
        TestRun run = new TestRun(2, "billing");
        run.member("billing", "billing-1").assign(0, 0, 1).revoke(50, 60, 1);
        run.member("billing", "billing-2").assign(61, 1);

        // when
        CheckResult result = OwnershipCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).containsExactly("billing: 3 ownerships of 2 partitions by 2 consumers, 1 handover");
    }

    @Test
    void shouldFailWhenTheNextOwnerIsAssignedBeforeThePreviousOwnerFinishedGivingItUp() {
        // given: billing-2 gets p1 while billing-1 is still committing in onPartitionsRevoked
        TestRun run = new TestRun(2, "billing");
        run.member("billing", "billing-1").assign(0, 0, 1).revoke(50, 60, 1);
        run.member("billing", "billing-2").assign(55, 1);

        // when
        CheckResult result = OwnershipCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isFalse();
        assertThat(result.violations()).containsExactly("billing p1: billing-1 owned it until 0.06s and billing-2 from 0.06s");
    }

    @Test
    void shouldTreatAPartitionNeverGivenUpAsOwnedUntilTheEnd() {
        // given
        TestRun run = new TestRun(1, "billing");
        run.member("billing", "billing-1").assign(0, 0);
        run.member("billing", "billing-2").assign(40, 0);

        // when
        CheckResult result = OwnershipCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly("billing p0: billing-1 owned it until the end and billing-2 from 0.04s");
    }

    @Test
    void shouldFailWhenAConsumerProcessesAPartitionItDoesNotOwn() {
        // given
        TestRun run = new TestRun(2, "billing");
        run.produce(1, 1, 0);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 1, 0);

        // when
        CheckResult result = OwnershipCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly("billing-1 processed p1@0 at 0.01s without owning p1");
    }

    @Test
    void shouldAllowTheSamePartitionInTwoGroupsAtOnce() {
        // given
        TestRun run = new TestRun(1, "billing", "analytics");
        run.member("billing", "billing-1").assign(0, 0);
        run.member("analytics", "analytics-1").assign(0, 0);

        // when
        CheckResult result = OwnershipCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isTrue();
    }

    @Test
    void shouldCountLostPartitionsWhenConsumersLoseThem() {
        // given
        TestRun run = new TestRun(1, "billing");
        run.member("billing", "billing-1").assign(0, 0).lose(30, 0);
        run.member("billing", "billing-2").assign(40, 0);

        // when
        CheckResult result = OwnershipCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).containsExactly(
                "billing: 2 ownerships of 1 partition by 2 consumers, 1 handover, 1 lost (onPartitionsLost)");
    }
}
