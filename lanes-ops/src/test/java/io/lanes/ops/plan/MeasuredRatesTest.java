package io.lanes.ops.plan;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class MeasuredRatesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldDivideOffsetAdvanceBySecondsAndMembersWhenTheGroupIsBehind() {
        // given: 2 partitions, 10 s; 6,000 produced, 3,000 committed by 2 members, lag growing
        OffsetSnapshot start = new OffsetSnapshot(0, Map.of(0, 1000L, 1, 1000L), Map.of(0, 500L, 1, 500L), 2);
        OffsetSnapshot end = new OffsetSnapshot(10 * SECOND, Map.of(0, 4000L, 1, 4000L), Map.of(0, 2000L, 1, 2000L), 2);

        // when
        MeasuredRates rates = MeasuredRates.between(start, end, true);

        // then
        assertThat(rates.produceRate()).isCloseTo(600, offset(0.001));
        assertThat(rates.perConsumerRate()).isCloseTo(150, offset(0.001));
        assertThat(rates.lagStart()).isEqualTo(1000);
        assertThat(rates.lagEnd()).isEqualTo(4000);
        assertThat(rates.saturated()).isTrue();
        assertThat(rates.notes()).isEmpty();
    }

    @Test
    void shouldNotCallItCapacityWhenTheGroupKeptUp() {
        // given: everything produced is committed at both ends
        OffsetSnapshot start = new OffsetSnapshot(0, Map.of(0, 100L), Map.of(0, 100L), 1);
        OffsetSnapshot end = new OffsetSnapshot(5 * SECOND, Map.of(0, 600L), Map.of(0, 600L), 1);

        // when
        MeasuredRates rates = MeasuredRates.between(start, end, true);

        // then
        assertThat(rates.perConsumerRate()).isCloseTo(100, offset(0.001));
        assertThat(rates.saturated()).isFalse();
    }

    @Test
    void shouldNoteARebalanceWhenMembersChangeDuringTheWindow() {
        // given
        OffsetSnapshot start = new OffsetSnapshot(0, Map.of(0, 0L), Map.of(0, 0L), 1);
        OffsetSnapshot end = new OffsetSnapshot(SECOND, Map.of(0, 10L), Map.of(0, 10L), 2);

        // when
        MeasuredRates rates = MeasuredRates.between(start, end, true);

        // then
        assertThat(rates.members()).isEqualTo(2);
        assertThat(rates.notes()).singleElement().asString().contains("1 members at the start", "2 at the end");
    }

    @Test
    void shouldMeasureOnlyTheProduceRateWhenNoGroupIsGiven() {
        // given
        OffsetSnapshot start = new OffsetSnapshot(0, Map.of(0, 0L, 1, 0L), Map.of(), 0);
        OffsetSnapshot end = new OffsetSnapshot(2 * SECOND, Map.of(0, 300L, 1, 100L), Map.of(), 0);

        // when
        MeasuredRates rates = MeasuredRates.between(start, end, false);

        // then
        assertThat(rates.produceRate()).isCloseTo(200, offset(0.001));
        assertThat(rates.perConsumerRate()).isNull();
    }
}
