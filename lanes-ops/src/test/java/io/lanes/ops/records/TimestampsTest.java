package io.lanes.ops.records;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void shouldReadInstantsOffsetsLocalDateTimesAndDatesWhenIso8601() {
        // given / when / then
        assertThat(Timestamps.parse("2025-03-01T12:00:00Z", PARIS)).isEqualTo(Instant.parse("2025-03-01T12:00:00Z"));
        assertThat(Timestamps.parse("2025-03-01T12:00:00.250+01:00", ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2025-03-01T11:00:00.250Z"));
        assertThat(Timestamps.parse("2025-03-01T12:00:00", PARIS)).isEqualTo(Instant.parse("2025-03-01T11:00:00Z"));
        assertThat(Timestamps.parse("2025-03-01", ZoneOffset.UTC)).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
    }

    @Test
    void shouldRefuseWhenNotIso8601() {
        // given / when / then
        assertThatThrownBy(() -> Timestamps.parse("01/03/2025 12:00", PARIS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'01/03/2025 12:00' is not an ISO-8601 date-time");
    }
}
