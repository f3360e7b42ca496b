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
                .contains("each order was paid exactly once", "RESULT: PASS - all 7 checks hold");
        assertThat(result.exitCode()).isZero();
    }
}
