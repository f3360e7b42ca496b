package io.lanes.coordinator.share;

import java.util.Locale;

/**
 * The group config {@code lanes.share.ordering}: {@link #NONE} (Kafka's share groups: any available record may
 * be handed to any consumer) or {@link #KEY} (Lanes' key-ordered share groups: at most one record of a key is
 * acquired at a time, in offset order; see {@link SharePartition}).
 */
public enum ShareOrdering {
    NONE,
    KEY;

    public static final String CONFIG = "lanes.share.ordering";

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a value other than {@code none} or {@code key} */
    public static ShareOrdering fromConfig(String value) {
        for (ShareOrdering ordering : values()) {
            if (ordering.configValue().equals(value)) {
                return ordering;
            }
        }
        throw new IllegalArgumentException("Invalid value " + value + " for " + CONFIG + ": expected none or key");
    }
}
