package io.lanes.coordinator.share;

/**
 * How a consumer settles a record it acquired, with the ids of ShareFetch / ShareAcknowledge: {@link #GAP} (0, an
 * offset with no record to deliver), {@link #ACCEPT} (1), {@link #RELEASE} (2, deliver again), {@link #REJECT}
 * (3, never deliver again) and {@link #RENEW} (4, KIP-1222: keep the lock for another lock duration).
 */
public enum AcknowledgeType {
    GAP((byte) 0),
    ACCEPT((byte) 1),
    RELEASE((byte) 2),
    REJECT((byte) 3),
    RENEW((byte) 4);

    private final byte id;

    AcknowledgeType(byte id) {
        this.id = id;
    }

    public byte id() {
        return id;
    }

    public static AcknowledgeType fromId(byte id) {
        for (AcknowledgeType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown acknowledge type " + id);
    }
}
