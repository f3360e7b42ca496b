package io.lanes.ops.plan;

import java.util.Map;

/**
 * What a topic and a group looked like at one instant: the log end offset of each partition, the
 * group's committed offset of each partition it has committed, and how many group members had
 * partitions of the topic assigned. Immutable.
 *
 * @param nanos     when it was taken, {@link System#nanoTime()} scale
 * @param logEnd    log end offset by partition
 * @param committed committed offset by partition (partitions without a commit are absent)
 * @param members   members of the group consuming the topic (0 when no group was asked about)
 */
public record OffsetSnapshot(long nanos, Map<Integer, Long> logEnd, Map<Integer, Long> committed, int members) {

    public OffsetSnapshot {
        logEnd = Map.copyOf(logEnd);
        committed = Map.copyOf(committed);
    }

    /** Records not yet consumed by the group, over the partitions it has committed. */
    public long lag() {
        long lag = 0;
        for (Map.Entry<Integer, Long> e : committed.entrySet()) {
            Long end = logEnd.get(e.getKey());
            if (end != null) {
                lag += Math.max(0, end - e.getValue());
            }
        }
        return lag;
    }
}
