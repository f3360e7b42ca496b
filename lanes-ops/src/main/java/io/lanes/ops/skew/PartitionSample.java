package io.lanes.ops.skew;

import java.util.List;

/**
 * What the sampler found in one partition: its offset range (which gives its record count without
 * reading it) and the records it read. Immutable.
 *
 * @param partition the partition number
 * @param logStart  the log start offset
 * @param logEnd    the log end offset
 * @param records   the records read, at most the partition's quota
 */
public record PartitionSample(int partition, long logStart, long logEnd, List<SampledRecord> records) {

    public PartitionSample {
        records = List.copyOf(records);
    }

    /**
     * Records in the partition: {@code logEnd - logStart} (counts transaction markers and compacted-away
     * offsets too, which is close enough for shares).
     */
    public long recordCount() {
        return Math.max(0, logEnd - logStart);
    }
}
