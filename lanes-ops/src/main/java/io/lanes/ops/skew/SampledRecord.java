package io.lanes.ops.skew;

/**
 * One record read by the {@link RecordSampler}: its key and its size. Immutable by convention
 * (the key array is not copied and must not be changed).
 *
 * @param key   the key bytes, or null for a record without a key
 * @param bytes serialized key + value + header keys and values, in bytes
 */
public record SampledRecord(byte[] key, int bytes) {
}
