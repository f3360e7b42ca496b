package io.lanes.ops.lag;

import java.util.List;

/** What one sampling round saw (epoch milliseconds), group by group. */
public record OffsetsSnapshot(long timestampMs, List<GroupOffsets> groups) {
}
