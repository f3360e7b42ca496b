package io.lanes.ops.groups;

import java.time.Instant;

/**
 * Where {@code reset-offsets} moves a group's committed offsets, one variant per
 * {@code kafka-consumer-groups.sh} option: {@code --to-earliest}, {@code --to-latest},
 * {@code --to-datetime}, {@code --to-offset}, {@code --shift-by}. Immutable.
 */
public sealed interface ResetSpec {

    /** The log start offset. */
    record ToEarliest() implements ResetSpec {
    }

    /** The log end offset (high watermark). */
    record ToLatest() implements ResetSpec {
    }

    /** The first offset whose timestamp is at or after {@code at}; the log end when there is none. */
    record ToDatetime(Instant at) implements ResetSpec {
    }

    /** A fixed offset, clamped into [log start, log end]. */
    record ToOffset(long offset) implements ResetSpec {
    }

    /** The committed offset moved by {@code delta} (negative = back), clamped into [log start, log end]. */
    record ShiftBy(long delta) implements ResetSpec {
    }
}
