package io.lanes.ops.skew;

import java.util.List;

/**
 * The result of a skew analysis: top keys, partition shares, the max/mean partition ratios, a
 * verdict with the thresholds it used, and the options for a skewed key space. Immutable.
 *
 * @param topic            the topic
 * @param from             {@code end} or {@code beginning}: which records of each partition were sampled
 * @param totalRecords     records in the topic (sum of log end minus log start offsets)
 * @param sampled          records read
 * @param distinctKeys     distinct non-null keys in the sample
 * @param nullKeyShare     estimated share of records without a key, 0 to 1
 * @param topKeys          the keys with the most records, most first
 * @param partitions       every partition, by number
 * @param maxMeanRecords   the busiest partition's records over the mean partition's
 * @param maxMeanBytes     the largest partition's bytes over the mean partition's
 * @param busiestPartition the partition with the highest ratio (records or bytes)
 * @param verdict          balanced, skewed or hot partition
 * @param reason           the verdict in a sentence, with the thresholds it used
 * @param thresholds       the thresholds
 * @param options          what can be done about it (empty when there is nothing to do)
 */
public record SkewReport(String topic, String from, long totalRecords, long sampled, long distinctKeys,
                         double nullKeyShare, List<KeyShare> topKeys, List<PartitionShare> partitions,
                         double maxMeanRecords, double maxMeanBytes, int busiestPartition, SkewVerdict verdict,
                         String reason, SkewThresholds thresholds, List<String> options) {

    public SkewReport {
        topKeys = List.copyOf(topKeys);
        partitions = List.copyOf(partitions);
        options = List.copyOf(options);
    }

    /** The keys at or above the hot-key threshold, most first. */
    public List<KeyShare> hotKeys() {
        return topKeys.stream().filter(KeyShare::hot).toList();
    }
}
