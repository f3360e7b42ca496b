package io.lanes.cli.demo;

import io.lanes.cli.demo.StageProducer.Placed;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lanes.cli.demo.StageFixtures.call;
import static io.lanes.cli.demo.StageFixtures.good;
import static org.assertj.core.api.Assertions.assertThat;

class KeyOrderCheckTest {
    private static final Placed A0 = good(0, 0, 1, 0, false);
    private static final Placed A1 = good(0, 2, 1, 1, false);
    private static final Placed B0 = good(0, 1, 2, 0, false);

    @Test
    void shouldPassWhenEachOrderRunsOneAtATimeInSequenceWhileOrdersOverlap() {
        // given: order 1 and order 2 overlap in time; order 1 retries seq 1 after a failure
        List<StageJournal.Attempt> calls = List.of(call(A0, 0, 5, true), call(B0, 1, 6, true), call(A1, 5, 10, false),
                call(A1, 110, 115, true));

        // when
        CheckResult result = KeyOrderCheck.check(calls);

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).containsExactly("4 handler calls for 2 orders checked; at most 2 calls ran at once");
    }

    @Test
    void shouldFailWhenTwoEventsOfAnOrderOverlap() {
        // given: seq 1 starts before seq 0 returned
        List<StageJournal.Attempt> calls = List.of(call(A0, 0, 5, true), call(A1, 3, 8, true));

        // when
        CheckResult result = KeyOrderCheck.check(calls);

        // then
        assertThat(result.violations()).containsExactly("ord-000001 seq 1 began while seq 0 was still being handled");
    }

    @Test
    void shouldFailWhenAnOrdersEventsRunOutOfSequence() {
        // given
        List<StageJournal.Attempt> calls = List.of(call(A1, 0, 5, true), call(A0, 5, 10, true));

        // when
        CheckResult result = KeyOrderCheck.check(calls);

        // then
        assertThat(result.violations()).containsExactly("ord-000001 seq 1 was handled when seq 0 was next",
                "ord-000001 seq 0 was handled when seq 2 was next");
    }

    @Test
    void shouldFailWhenALaterEventRunsBeforeAFailedOneIsRetried() {
        // given: seq 0 failed, then seq 1 ran instead of the retry
        List<StageJournal.Attempt> calls = List.of(call(A0, 0, 5, false), call(A1, 5, 10, true),
                call(A0, 110, 115, true));

        // when
        CheckResult result = KeyOrderCheck.check(calls);

        // then
        assertThat(result.passed()).isFalse();
        assertThat(result.violations()).first().isEqualTo("ord-000001 seq 1 was handled when seq 0 was next");
    }
}
