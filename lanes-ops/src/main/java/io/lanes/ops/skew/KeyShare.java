package io.lanes.ops.skew;

/**
 * One key's estimated share of a topic's records and bytes. Immutable.
 *
 * @param key              the key as text (UTF-8), or {@code 0x...} hex when it is not printable text
 * @param sampled          records of the key in the sample
 * @param estimatedRecords records of the key in the topic, estimated from the sample
 * @param recordShare      share of the topic's records, 0 to 1
 * @param byteShare        share of the topic's bytes, 0 to 1
 * @param partition        the partition its records were found in (the one with most, if several)
 * @param hot              whether it reaches {@link SkewThresholds#hotKeyFactor()} times the median key
 */
public record KeyShare(String key, long sampled, long estimatedRecords, double recordShare, double byteShare,
                       int partition, boolean hot) {
}
