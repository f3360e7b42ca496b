package io.lanes.ops.lag;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The window of commits: capacity, minimum distance, rewinds. */
class OffsetWindowTest {

    @Test
    void shouldKeepOnlyTheLastCommitsWhenMoreArriveThanItHolds() {
        // given
        OffsetWindow window = new OffsetWindow(10, 0);

        // when
        for (int i = 0; i < 11; i++) {
            window.add(new OffsetObservation(i * 10, 5, i * 1000L));
        }

        // then: the 11th pushed the 1st out, which changes the span the STOP rule measures
        assertThat(window.observations()).hasSize(10);
        assertThat(window.observations().get(0).offset()).isEqualTo(10);
        assertThat(window.last().offset()).isEqualTo(100);
    }

    @Test
    void shouldLetACloseCommitReplaceTheLastWhenWithinTheMinimumDistance() {
        // given
        OffsetWindow window = new OffsetWindow(10, 1000);
        window.add(new OffsetObservation(10, 5, 0));

        // when
        window.add(new OffsetObservation(20, 5, 300));
        window.add(new OffsetObservation(30, 5, 900));
        window.add(new OffsetObservation(40, 5, 1000));

        // then
        assertThat(window.observations()).extracting(OffsetObservation::offset).containsExactly(30L, 40L);
        assertThat(window.observations()).extracting(OffsetObservation::timestampMs).containsExactly(900L, 1000L);
    }

    @Test
    void shouldKeepARewindInItsOwnSlotWhenWithinTheMinimumDistance() {
        // given
        OffsetWindow window = new OffsetWindow(10, 1000);
        window.add(new OffsetObservation(50, 5, 0));

        // when
        window.add(new OffsetObservation(20, 35, 100));

        // then
        assertThat(window.observations()).extracting(OffsetObservation::offset).containsExactly(50L, 20L);
    }

    @Test
    void shouldIgnoreACommitOlderThanTheLastWhenItArrivesLate() {
        // given
        OffsetWindow window = new OffsetWindow(10, 0);
        window.add(new OffsetObservation(50, 5, 2000));

        // when
        window.add(new OffsetObservation(40, 5, 1000));

        // then
        assertThat(window.observations()).extracting(OffsetObservation::offset).containsExactly(50L);
    }
}
