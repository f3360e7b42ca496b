package io.lanes.cli.demo;

import io.lanes.cli.demo.StageProducer.Placed;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.lanes.cli.demo.StageFixtures.call;
import static io.lanes.cli.demo.StageFixtures.good;
import static io.lanes.cli.demo.StageFixtures.malformed;
import static org.assertj.core.api.Assertions.assertThat;

class HandledOnceCheckTest {
    private static final Placed FIRST = good(0, 0, 1, 0, false);
    private static final Placed SECOND = good(0, 1, 1, 1, true);
    private static final Placed BAD = malformed(0, 2, 1, "x".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldPassWhenEveryGoodEventSucceededOnceAndFailedCallsWereRetried() {
        // when
        CheckResult result = HandledOnceCheck.check(List.of(FIRST, SECOND, BAD),
                List.of(call(FIRST, 0, 5, true), call(SECOND, 5, 10, false), call(SECOND, 110, 115, true)),
                List.of("plain group 1 events/s"));

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).containsExactly("plain group 1 events/s", "2 of 2 good events handled exactly once");
    }

    @Test
    void shouldFailWhenAGoodEventWasNeverHandled() {
        // when
        CheckResult result = HandledOnceCheck.check(List.of(FIRST, SECOND), List.of(call(FIRST, 0, 5, true),
                call(SECOND, 5, 10, false)), List.of());

        // then
        assertThat(result.violations()).containsExactly("ord-000001 seq 1 (p0@1) was handled never");
    }

    @Test
    void shouldFailWhenAGoodEventWasHandledTwice() {
        // when
        CheckResult result = HandledOnceCheck.check(List.of(FIRST), List.of(call(FIRST, 0, 5, true),
                call(FIRST, 10, 15, true)), List.of());

        // then
        assertThat(result.violations()).containsExactly("ord-000001 seq 0 (p0@0) was handled 2 times");
    }

    @Test
    void shouldFailWhenAMalformedEventReachedTheHandler() {
        // when
        CheckResult result = HandledOnceCheck.check(List.of(FIRST, BAD), List.of(call(FIRST, 0, 5, true),
                call(BAD, 5, 10, true)), List.of());

        // then
        assertThat(result.violations()).containsExactly("p0@2 was handled but is not a good event of the stream");
    }
}
