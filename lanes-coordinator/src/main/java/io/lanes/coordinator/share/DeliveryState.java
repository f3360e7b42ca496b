package io.lanes.coordinator.share;

/**
 * The state of one record of a share-partition, with Kafka's ids (KIP-932): those ids are what
 * {@code __share_group_state} stores, where only {@link #AVAILABLE}, {@link #ACKNOWLEDGED} and {@link #ARCHIVED}
 * appear (an acquisition is never durable: after a restart the record is available again).
 */
public enum DeliveryState {
    AVAILABLE((byte) 0),
    ACQUIRED((byte) 1),
    ACKNOWLEDGED((byte) 2),
    ARCHIVED((byte) 4);

    private final byte id;

    DeliveryState(byte id) {
        this.id = id;
    }

    public byte id() {
        return id;
    }

    /** True for the states a record never leaves (it will not be delivered again). */
    public boolean isTerminal() {
        return this == ACKNOWLEDGED || this == ARCHIVED;
    }

    public static DeliveryState fromId(byte id) {
        for (DeliveryState state : values()) {
            if (state.id == id) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown share delivery state id " + id);
    }
}
