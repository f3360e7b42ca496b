package io.lanes.cli.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompletenessCheckTest {

    @Test
    void shouldPassWhenEveryGroupReceivedEveryEvent() {
        // given
        TestRun run = new TestRun(2, "billing", "analytics");
        run.produce(0, 1, 0);
        run.produce(1, 2, 0);
        run.produce(0, 1, 1);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0, 1);
        run.member("billing", "billing-2").assign(0, 1).deliver(run, 10, 1, 0);
        run.member("analytics", "analytics-1").assign(0, 0, 1).deliver(run, 10, 0, 0, 1).deliver(run, 20, 1, 0);

        // when
        CheckResult result = CompletenessCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).containsExactly(
                "billing: 3 of 3 events (3 deliveries, 0 of them repeats)",
                "analytics: 3 of 3 events (3 deliveries, 0 of them repeats)");
    }

    @Test
    void shouldFailWhenAGroupMissedAnEvent() {
        // given
        TestRun run = new TestRun(1, "billing");
        run.produce(0, 1, 0);
        run.produce(0, 1, 1);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0);

        // when
        CheckResult result = CompletenessCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isFalse();
        assertThat(result.violations()).containsExactly("billing never received p0@1 (ord-000001 seq 1)");
    }

    @Test
    void shouldCountRepeatsWithoutFailingWhenEventsAreRedelivered() {
        // given
        TestRun run = new TestRun(1, "billing");
        run.produce(0, 1, 0);
        run.produce(0, 1, 1);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0, 1).revoke(20, 21, 0);
        run.member("billing", "billing-2").assign(30, 0).deliver(run, 40, 0, 1);

        // when
        CheckResult result = CompletenessCheck.check(run.build(100));

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).containsExactly("billing: 2 of 2 events (3 deliveries, 1 of them repeats)");
    }

    @Test
    void shouldFailWhenAConsumerGotOtherContentThanWasProducedAtThatOffset() {
        // given
        TestRun run = new TestRun(1, "billing");
        run.produce(0, 1, 0);
        run.member("billing", "billing-1").assign(0, 0).deliver(10, 0, 0, 7, 3);

        // when
        CheckResult result = CompletenessCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly(
                "billing-1 got p0@0 as ord-000007 seq 3, but the producer wrote ord-000001 seq 0 there");
    }

    @Test
    void shouldFailWhenAConsumerGotAnOffsetNothingWasWrittenAt() {
        // given
        TestRun run = new TestRun(1, "billing");
        run.produce(0, 1, 0);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0).deliver(11, 0, 5, 1, 1);

        // when
        CheckResult result = CompletenessCheck.check(run.build(100));

        // then
        assertThat(result.violations()).containsExactly("billing-1 got p0@5, where the producer wrote nothing");
    }

    @Test
    void shouldFailWhenNotEveryPlannedEventWasAcknowledged() {
        // given
        TestRun run = new TestRun(1, "billing");
        run.produce(0, 1, 0);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0);
        RunRecord base = run.build(100);
        RunRecord planned = new RunRecord(1, base.groups(), 4, base.produced(), base.members(), base.changes(),
                base.committed(), base.logEndOffsets(), base.errors(), base.notes(), base.startNanos(), base.endNanos());

        // when
        CheckResult result = CompletenessCheck.check(planned);

        // then
        assertThat(result.violations()).containsExactly("only 1 of the 4 events were acknowledged to the producer");
    }

    @Test
    void shouldFailWhenTheBrokerAcknowledgedTwoEventsAtOneOffset() {
        // given
        TestRun run = new TestRun(1, "billing");
        RunRecord base = run.build(100);
        RunRecord twice = new RunRecord(1, base.groups(), 2, java.util.List.of(
                new RunRecord.ProducedEvent(0, 0, 1, 0), new RunRecord.ProducedEvent(0, 0, 2, 0)), base.members(),
                base.changes(), base.committed(), base.logEndOffsets(), base.errors(), base.notes(), base.startNanos(),
                base.endNanos());

        // when
        CheckResult result = CompletenessCheck.check(twice);

        // then
        assertThat(result.violations()).contains(
                "the broker acknowledged two events at p0@0: ord-000001 seq 0 and ord-000002 seq 0");
    }
}
