package io.lanes.ops.lag;

import java.util.List;

/** A consumer group at a sampling time: its state and its partitions with committed offsets. */
public record GroupOffsets(String group, String state, List<PartitionOffsets> partitions) {
}
