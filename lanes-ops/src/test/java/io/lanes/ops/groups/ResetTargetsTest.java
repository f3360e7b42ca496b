package io.lanes.ops.groups;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResetTargetsTest {
    // a log from 10 (after retention) to 50, committed at 30, first record at the asked time at 40
    private static final ResetTargets.PartitionOffsets OFFSETS = new ResetTargets.PartitionOffsets(10, 50, 30L, 40L);

    @Test
    void shouldTakeTheLogBoundsWhenResettingToEarliestOrLatest() {
        // given / when / then
        assertThat(ResetTargets.target(new ResetSpec.ToEarliest(), "t-0", OFFSETS)).isEqualTo(10);
        assertThat(ResetTargets.target(new ResetSpec.ToLatest(), "t-0", OFFSETS)).isEqualTo(50);
    }

    @Test
    void shouldClampToTheLogWhenTheOffsetIsOutsideIt() {
        // given / when / then
        assertThat(ResetTargets.target(new ResetSpec.ToOffset(3), "t-0", OFFSETS)).isEqualTo(10);
        assertThat(ResetTargets.target(new ResetSpec.ToOffset(25), "t-0", OFFSETS)).isEqualTo(25);
        assertThat(ResetTargets.target(new ResetSpec.ToOffset(99), "t-0", OFFSETS)).isEqualTo(50);
    }

    @Test
    void shouldShiftFromTheCommittedOffsetAndClampWhenShifting() {
        // given / when / then
        assertThat(ResetTargets.target(new ResetSpec.ShiftBy(-5), "t-0", OFFSETS)).isEqualTo(25);
        assertThat(ResetTargets.target(new ResetSpec.ShiftBy(-100), "t-0", OFFSETS)).isEqualTo(10);
        assertThat(ResetTargets.target(new ResetSpec.ShiftBy(100), "t-0", OFFSETS)).isEqualTo(50);
        assertThat(ResetTargets.target(new ResetSpec.ShiftBy(Long.MAX_VALUE), "t-0", OFFSETS)).isEqualTo(50);
    }

    @Test
    void shouldRefuseToShiftWhenNothingIsCommitted() {
        // given
        var uncommitted = new ResetTargets.PartitionOffsets(0, 5, null, null);

        // when / then
        assertThatThrownBy(() -> ResetTargets.target(new ResetSpec.ShiftBy(1), "t-3", uncommitted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t-3");
    }

    @Test
    void shouldFallBackToTheLogEndWhenNoRecordIsAsRecentAsTheDateTime() {
        // given
        var noneThatRecent = new ResetTargets.PartitionOffsets(10, 50, 30L, null);
        ResetSpec spec = new ResetSpec.ToDatetime(Instant.parse("2030-01-01T00:00:00Z"));

        // when / then
        assertThat(ResetTargets.target(spec, "t-0", noneThatRecent)).isEqualTo(50);
        assertThat(ResetTargets.target(spec, "t-0", OFFSETS)).isEqualTo(40);
    }
}
