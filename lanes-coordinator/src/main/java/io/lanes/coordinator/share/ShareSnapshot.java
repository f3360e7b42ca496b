package io.lanes.coordinator.share;

import java.util.List;

/**
 * The whole durable state of a share-partition: the ShareSnapshotValue of {@code __share_group_state}.
 * {@code snapshotEpoch} counts the snapshots written for the share-partition; {@code stateEpoch} changes when the
 * state is reset (AlterShareGroupOffsets / DeleteShareGroupOffsets); {@code leaderEpoch} is the partition's leader
 * epoch (always 0 on a single node). Immutable.
 */
public record ShareSnapshot(int snapshotEpoch, int stateEpoch, int leaderEpoch, long startOffset,
                            long createTimestampMs, long writeTimestampMs, List<StateBatch> batches) {
    public ShareSnapshot {
        batches = List.copyOf(batches);
    }
}
