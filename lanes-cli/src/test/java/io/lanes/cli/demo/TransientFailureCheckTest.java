package io.lanes.cli.demo;

import io.lanes.cli.demo.StageProducer.Placed;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lanes.cli.demo.StageFixtures.call;
import static io.lanes.cli.demo.StageFixtures.good;
import static org.assertj.core.api.Assertions.assertThat;

class TransientFailureCheckTest {
    private static final Placed FAILING = good(3, 7, 1, 0, true);
    private static final Placed OTHER = good(3, 8, 2, 0, false);

    @Test
    void shouldPassWhenTheFailedCallWasRetriedOnceAfterItsBackoff() {
        // when
        CheckResult result = TransientFailureCheck.check(List.of(FAILING, OTHER), List.of(call(FAILING, 0, 5, false),
                call(OTHER, 0, 5, true), call(FAILING, 105, 110, true)));

        // then
        assertThat(result.passed()).isTrue();
        assertThat(result.details()).containsExactly("1 event failed on the first call; each retried 100 to 100 ms later");
    }

    @Test
    void shouldFailWhenAFailedEventWasNeverRetried() {
        // when
        CheckResult result = TransientFailureCheck.check(List.of(FAILING), List.of(call(FAILING, 0, 5, false)));

        // then
        assertThat(result.violations()).containsExactly(
                "ord-000001 seq 0 (p3@7): calls [failed], expected a failure then one success");
    }

    @Test
    void shouldFailWhenTheRetriedEventWasHandledAgainAfterItsSuccess() {
        // when
        CheckResult result = TransientFailureCheck.check(List.of(FAILING), List.of(call(FAILING, 0, 5, false),
                call(FAILING, 105, 110, true), call(FAILING, 120, 125, true)));

        // then
        assertThat(result.violations()).containsExactly(
                "ord-000001 seq 0 (p3@7): calls [failed, ok, ok], expected a failure then one success");
    }
}
