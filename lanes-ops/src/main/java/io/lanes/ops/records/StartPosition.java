package io.lanes.ops.records;

import java.time.Instant;

/**
 * Where {@code consume} starts in each partition: {@link Beginning}, {@link End} (only records that
 * arrive from now on), a fixed {@link Offset}, the first record at or after a {@link Time} (the end
 * when there is none), or {@link Committed} (the group's committed offset; where there is none, the
 * end, or the beginning when {@code earliestIfNone}). Immutable.
 */
public sealed interface StartPosition {
    record Beginning() implements StartPosition {
    }

    record End() implements StartPosition {
    }

    record Offset(long offset) implements StartPosition {
    }

    record Time(Instant at) implements StartPosition {
    }

    record Committed(boolean earliestIfNone) implements StartPosition {
    }
}
