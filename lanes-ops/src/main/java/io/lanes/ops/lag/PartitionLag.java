package io.lanes.ops.lag;

import java.util.List;

/**
 * One partition of a group in a {@link LagReport}: offsets, lag in records and in seconds (the
 * age of the oldest unconsumed record; 0 without lag, null when its timestamp could not be read
 * in time), the Burrow status with its rule, the assigned member and the window of commits the
 * status was judged on (oldest first).
 */
public record PartitionLag(String topic, int partition, long committed, long latest, long earliest, long lag,
                           Double lagSeconds, LagStatus status, String rule, Member member, List<OffsetObservation> window) {
}
