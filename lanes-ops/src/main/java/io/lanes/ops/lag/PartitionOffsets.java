package io.lanes.ops.lag;

/**
 * One partition of a group at a sampling time: the committed offset, the partition's latest
 * (log end) and earliest offsets, and the member it is assigned to.
 */
public record PartitionOffsets(String topic, int partition, long committed, long latest, long earliest,
                               Member member) {

    /** Records not consumed yet: latest minus committed, never below 0. */
    public long lag() {
        return Math.max(0, latest - committed);
    }
}
