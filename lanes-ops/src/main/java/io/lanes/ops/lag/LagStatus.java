package io.lanes.ops.lag;

/**
 * Burrow's statuses, in increasing severity (the declaration order is the order of severity).
 * A partition is {@link #OK}, {@link #WARN}, {@link #STOP}, {@link #STALL} or {@link #REWIND}; a
 * group is {@link #OK}, {@link #WARN} or {@link #ERR}: the worst of its partitions, where the three
 * partition errors count as {@code ERR}.
 */
public enum LagStatus {
    /** Committing and keeping up (or caught up at some point of the window). */
    OK,
    /** Commits advance but the lag never went down over the window: the consumer is too slow. */
    WARN,
    /** A group with at least one partition in STOP, STALL or REWIND. */
    ERR,
    /** No commit for longer than the window spans, while there is lag. */
    STOP,
    /** Every commit of the window is the same offset, while there is lag. */
    STALL,
    /** A committed offset went backwards. */
    REWIND;

    /** What this partition status makes of its group: the three errors are {@link #ERR}. */
    public LagStatus groupLevel() {
        return compareTo(ERR) > 0 ? ERR : this;
    }

    /** The worse of the two. */
    public LagStatus worst(LagStatus other) {
        return other.compareTo(this) > 0 ? other : this;
    }

    /** Whether this status is at least as bad as {@code level} once seen at group level. */
    public boolean reaches(LagStatus level) {
        return groupLevel().compareTo(level.groupLevel()) >= 0;
    }
}
