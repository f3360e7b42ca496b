package io.lanes.conformance.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lanes demo} as the README runs it: on the Lanes broker it starts in-process. */
class DemoOnLanesTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldPassEveryCheckWhenRunOnTheEmbeddedLanesBroker() {
        // when
        DemoRunner.Result result = DemoRunner.runSmall();

        // then
        assertThat(result.out())
                .contains("broker     Lanes in this process at 127.0.0.1:")
                .contains("billing: 3,000 of 3,000 events", "analytics: 3,000 of 3,000 events")
                .contains("billing, billing-4 joined at", "billing, billing-1 left at")
                .contains("each order was paid exactly once")
                .contains(DemoRunner.PROCESSOR_STAGE_PASSES)
                .containsPattern(DemoRunner.THROUGHPUTS)
                .contains("RESULT: PASS - all 11 checks hold");
        assertThat(DemoRunner.speedup(result.out())).as("LanesProcessor / plain group").isGreaterThan(2.0);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldRunOnlyTheGroupsStageWhenTheProcessorStageIsSkipped() {
        // when
        DemoRunner.Result result = DemoRunner.runSmall("--no-processor-stage");

        // then
        assertThat(result.out())
                .doesNotContain("order.processing", "LanesProcessor")
                .contains("RESULT: PASS - all 7 checks hold");
        assertThat(result.exitCode()).isZero();
    }
}
