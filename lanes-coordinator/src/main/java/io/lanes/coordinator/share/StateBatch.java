package io.lanes.coordinator.share;

/**
 * A run of offsets {@code firstOffset..lastOffset} (inclusive) in one durable state with one delivery count: the
 * StateBatch of Kafka's ShareSnapshotValue / ShareUpdateValue. Immutable.
 */
public record StateBatch(long firstOffset, long lastOffset, DeliveryState state, short deliveryCount) {
    public StateBatch {
        if (lastOffset < firstOffset) {
            throw new IllegalArgumentException("lastOffset " + lastOffset + " < firstOffset " + firstOffset);
        }
        if (state == DeliveryState.ACQUIRED) {
            throw new IllegalArgumentException("An acquisition is never durable");
        }
    }
}
