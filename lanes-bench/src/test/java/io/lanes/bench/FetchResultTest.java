package io.lanes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FetchResultTest {

    @Test
    void shouldRoundTripThroughItsOutputLine() {
        // given
        FetchResult result = new FetchResult(800000, 819200000L, 3912.5);

        // when
        FetchResult parsed = FetchResult.parse("[log] noise\n" + result.format() + "\n").orElseThrow();

        // then
        assertThat(parsed).isEqualTo(result);
    }

    @Test
    void shouldComputeMebibytesPerSecond() {
        // given
        FetchResult result = new FetchResult(1024, 1048576L * 100, 2000);

        // when / then
        assertThat(result.mibPerSecond()).isCloseTo(50.0, within(1e-9));
        assertThat(result.recordsPerSecond()).isCloseTo(512.0, within(1e-9));
    }

    @Test
    void shouldFindNothingInOutputWithoutAResultLine() {
        assertThat(FetchResult.parse("Exception in thread \"main\"")).isEmpty();
    }
}
