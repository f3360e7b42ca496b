package io.lanes.coordinator.share;

/**
 * The group config {@code share.acquire.mode} (KIP-1206): {@link #BATCH_OPTIMIZED} (Kafka's default: a fetch may
 * acquire past its max records up to the end of the producer batch it is in, so batches stay whole) or
 * {@link #RECORD_LIMIT} (never more than max records).
 */
public enum AcquireMode {
    BATCH_OPTIMIZED("batch_optimized"),
    RECORD_LIMIT("record_limit");

    public static final String CONFIG = "share.acquire.mode";

    private final String configValue;

    AcquireMode(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** @throws IllegalArgumentException for a value other than {@code batch_optimized} or {@code record_limit} */
    public static AcquireMode fromConfig(String value) {
        for (AcquireMode mode : values()) {
            if (mode.configValue.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Invalid value " + value + " for " + CONFIG);
    }
}
