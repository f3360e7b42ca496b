package io.lanes.ops.records;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Parses the points in time the commands take ({@code --to-datetime}, {@code --from-time}), ISO-8601:
 * an instant or offset date-time ({@code 2025-03-01T12:00:00Z}, {@code 2025-03-01T12:00:00.250+01:00}),
 * a local date-time ({@code 2025-03-01T12:00:00}) or a date ({@code 2025-03-01}, at midnight), both
 * in the given zone (the commands pass UTC: Kafka's tools read a date-time without zone as UTC). Stateless.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /**
     * The instant {@code text} names.
     *
     * @throws IllegalArgumentException naming the expected format when it is not ISO-8601
     */
    public static Instant parse(String text, ZoneId zone) {
        String value = text.trim();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 date-time"
                            + " (expected e.g. 2025-03-01T12:00:00Z or 2025-03-01T12:00:00)");
                }
            }
        }
    }
}
