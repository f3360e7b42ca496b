package io.lanes.coordinator.share;

/**
 * A run of offsets acquired by one fetch with one delivery count: the AcquiredRecords of a ShareFetch response
 * (the count includes this delivery, so a first delivery has count 1). Immutable.
 */
public record AcquiredRecords(long firstOffset, long lastOffset, short deliveryCount) {
}
