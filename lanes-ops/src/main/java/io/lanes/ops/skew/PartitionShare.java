package io.lanes.ops.skew;

/**
 * One partition's share of a topic's records (from offsets) and bytes (its record count times the mean
 * size of its sampled records). Immutable.
 *
 * @param partition      the partition number
 * @param records        log end offset minus log start offset
 * @param recordShare    share of the topic's records, 0 to 1
 * @param estimatedBytes estimated bytes (key + value + headers)
 * @param byteShare      share of the topic's bytes, 0 to 1
 * @param ratioToMean    records over the mean partition's records
 * @param sampled        records of the partition in the sample
 */
public record PartitionShare(int partition, long records, double recordShare, long estimatedBytes, double byteShare,
                             double ratioToMean, int sampled) {
}
