package io.lanes.broker.hotkeys;

import java.util.List;

/**
 * What hot-key detection found over its window, as served at {@code /api/hotkeys}. Names and keys are user
 * data: whoever renders them escapes them.
 *
 * @param windowMs    the window the figures cover (at most; at least half of it)
 * @param sampleEvery one produce batch in this many per partition has its keys read
 * @param partitions  every partition produced to in the window, busiest first (at most {@value HotKeys#MAX_PARTITIONS_REPORTED})
 * @param hotKeys     the hot keys of all partitions, largest share first
 * @param hotPartitions partitions whose record rate is at least {@value HotKeys#HOT_PARTITION_RATIO} times their topic's mean
 */
public record HotKeyReport(long windowMs, int sampleEvery, List<PartitionReport> partitions, List<KeyReport> hotKeys,
                           List<PartitionReport> hotPartitions) {

    /**
     * One partition.
     *
     * @param topic          topic name
     * @param partition      partition index
     * @param records        records appended in the window
     * @param ratePerSec     records per second over the window
     * @param skew           the rate divided by the mean rate of the topic's partitions (1 = even)
     * @param hot            true when skew is at least {@value HotKeys#HOT_PARTITION_RATIO}
     * @param sampledRecords records whose keys were read
     * @param topKeys        the heaviest keys, largest first (at most {@value HotKeys#TOP_KEYS})
     */
    public record PartitionReport(String topic, int partition, long records, double ratePerSec, double skew,
                                  boolean hot, long sampledRecords, List<KeyReport> topKeys) {
    }

    /**
     * One key of a partition.
     *
     * @param topic        topic name
     * @param partition    partition index
     * @param key          the key as UTF-8 text, or {@code 0x...} hex when it is not printable text; at most
     *                     {@value HotKeys#MAX_KEY_BYTES} bytes of it, "…" marking a cut
     * @param recordsShare its share of the partition's sampled records (0 to 1, a lower bound)
     * @param bytesShare   its share of the partition's sampled bytes (0 to 1, approximate)
     * @param hot          true when the share is far above what an even spread over the partition's keys gives
     */
    public record KeyReport(String topic, int partition, String key, double recordsShare, double bytesShare,
                            boolean hot) {
    }
}
