package io.lanes.cli.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommitCheckTest {

    private static TestRun twoEventsOnEachOfTwoPartitions() {
        TestRun run = new TestRun(2, "billing");
        for (int p = 0; p < 2; p++) {
            run.produce(p, p + 1, 0);
            run.produce(p, p + 1, 1);
        }
        return run;
    }

    @Test
    void shouldPassWhenEveryGroupCommittedTheLogEndOffsets() {
        // given
        TestRun run = twoEventsOnEachOfTwoPartitions().commitEverything();

        // when
        CheckResult result = CommitCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).containsExactly(
                "billing: committed offset = log end offset on 2 of 2 partitions",
                "log end offsets add up to 4 records; the producer had 4 events acknowledged");
    }

    @Test
    void shouldFailWhenAGroupCommittedShortOfTheEnd() {
        // given
        TestRun run = twoEventsOnEachOfTwoPartitions().commitEverything().commit("billing", 1, 1);

        // when
        CheckResult result = CommitCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly("billing committed p1 at 1, log end is 2");
    }

    @Test
    void shouldFailWhenAGroupCommittedNothingForAPartitionWithRecords() {
        // given
        TestRun run = twoEventsOnEachOfTwoPartitions().commit("billing", 0, 2);

        // when
        CheckResult result = CommitCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly("billing has no committed offset for p1 (log end 2)");
    }

    @Test
    void shouldFailWhenTheLogHoldsMoreThanWasAcknowledged() {
        // given
        TestRun run = twoEventsOnEachOfTwoPartitions().logEnd(0, 3).commitEverything();

        // when
        CheckResult result = CommitCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly("p0 ends at offset 3, but the last acknowledged event is at 1");
    }
}
