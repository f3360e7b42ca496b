package io.lanes.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndToEndResultTest {

    @Test
    void shouldTakeNearestRankPercentilesWhenGivenLatencies() {
        // given: 1..1000 ms, unsorted
        long[] nanos = new long[1000];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (1000L - i) * 1_000_000L;
        }

        // when
        EndToEndResult result = EndToEndResult.of(nanos, nanos.length);

        // then
        assertThat(result.records()).isEqualTo(1000);
        assertThat(result.p50Ms()).isEqualTo(500.0);
        assertThat(result.p99Ms()).isEqualTo(990.0);
        assertThat(result.p999Ms()).isEqualTo(999.0);
    }

    @Test
    void shouldReadBackItsOwnLineWhenParsingToolOutput() {
        // given
        EndToEndResult written = new EndToEndResult(100000, 1.5, 7.25, 12.125);

        // when
        var parsed = EndToEndResult.parse("some log line\n" + written.format() + "\n");

        // then
        assertThat(parsed).contains(written);
    }
}
