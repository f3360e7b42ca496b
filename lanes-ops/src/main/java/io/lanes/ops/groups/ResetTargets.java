package io.lanes.ops.groups;

/**
 * The new committed offset of one partition for a {@link ResetSpec}, by Kafka's rules
 * ({@code GroupOffsetsResetter}): earliest and latest are the log's bounds; a date-time is the
 * offset the broker finds for it, or the log end when no record is that recent; a fixed offset and
 * a shift are clamped into [log start, log end]; a shift needs a committed offset. Pure and stateless.
 */
public final class ResetTargets {
    private ResetTargets() {
    }

    /**
     * What the target is computed from: the partition's log start and end, its committed offset and
     * the offset for the spec's timestamp (null when absent or not asked).
     */
    public record PartitionOffsets(long logStart, long logEnd, Long committed, Long offsetForTime) {
    }

    /**
     * The new offset.
     *
     * @throws IllegalArgumentException for a shift on a partition without a committed offset
     */
    public static long target(ResetSpec spec, String partition, PartitionOffsets offsets) {
        // Java 17: no pattern matching for switch yet, so an instanceof chain over the sealed variants
        if (spec instanceof ResetSpec.ToEarliest) {
            return offsets.logStart();
        }
        if (spec instanceof ResetSpec.ToLatest) {
            return offsets.logEnd();
        }
        if (spec instanceof ResetSpec.ToDatetime) {
            return offsets.offsetForTime() == null ? offsets.logEnd() : offsets.offsetForTime();
        }
        if (spec instanceof ResetSpec.ToOffset o) {
            return clamp(o.offset(), offsets);
        }
        ResetSpec.ShiftBy shift = (ResetSpec.ShiftBy) spec;
        if (offsets.committed() == null) {
            throw new IllegalArgumentException("cannot shift the offset of " + partition
                    + ": the group has no committed offset there");
        }
        return clamp(saturatedAdd(offsets.committed(), shift.delta()), offsets);
    }

    private static long clamp(long offset, PartitionOffsets offsets) {
        if (offset > offsets.logEnd()) {
            return offsets.logEnd();
        }
        return Math.max(offset, offsets.logStart());
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // overflow only when both operands have the sign the sum lacks
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }
}
