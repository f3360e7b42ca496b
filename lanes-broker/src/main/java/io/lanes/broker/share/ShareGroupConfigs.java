package io.lanes.broker.share;

import io.lanes.coordinator.share.AcquireMode;
import io.lanes.coordinator.share.ShareOrdering;
import io.lanes.coordinator.share.SharePartitionConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The group configs of share groups, over the broker's defaults: {@code share.auto.offset.reset} (latest |
 * earliest, default latest), {@code share.record.lock.duration.ms}, {@code share.delivery.count.limit},
 * {@code share.acquire.mode} and Lanes' {@code lanes.share.ordering} (none | key). Thread-safe.
 */
public final class ShareGroupConfigs {
    public static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    public static final String LOCK_DURATION_MS = "share.record.lock.duration.ms";
    public static final String DELIVERY_COUNT_LIMIT = "share.delivery.count.limit";

    private final SharePartitionConfig defaults;
    private final Map<String, Map<String, String>> byGroup = new ConcurrentHashMap<>();

    public ShareGroupConfigs(SharePartitionConfig defaults) {
        this.defaults = defaults;
    }

    /** Replaces a group's configs (validated first). @throws IllegalArgumentException for an invalid value */
    public void set(String groupId, Map<String, String> configs) {
        Map<String, String> copy = Map.copyOf(configs);
        partitionConfig(copy);
        resetPolicy(copy);
        byGroup.put(groupId, copy);
    }

    public Map<String, String> get(String groupId) {
        return byGroup.getOrDefault(groupId, Map.of());
    }

    public SharePartitionConfig partitionConfig(String groupId) {
        return partitionConfig(get(groupId));
    }

    public SharePartitionManager.ResetPolicy resetPolicy(String groupId) {
        return resetPolicy(get(groupId));
    }

    private SharePartitionConfig partitionConfig(Map<String, String> configs) {
        return new SharePartitionConfig(
                Long.parseLong(configs.getOrDefault(LOCK_DURATION_MS, String.valueOf(defaults.lockDurationMs()))),
                Integer.parseInt(configs.getOrDefault(DELIVERY_COUNT_LIMIT,
                        String.valueOf(defaults.deliveryCountLimit()))),
                AcquireMode.fromConfig(configs.getOrDefault(AcquireMode.CONFIG, defaults.acquireMode().configValue())),
                ShareOrdering.fromConfig(configs.getOrDefault(ShareOrdering.CONFIG, defaults.ordering().configValue())),
                defaults.maxInFlightRecords());
    }

    private static SharePartitionManager.ResetPolicy resetPolicy(Map<String, String> configs) {
        String value = configs.getOrDefault(AUTO_OFFSET_RESET, "latest");
        return switch (value) {
            case "latest" -> SharePartitionManager.ResetPolicy.LATEST;
            case "earliest" -> SharePartitionManager.ResetPolicy.EARLIEST;
            default -> throw new IllegalArgumentException("Invalid value " + value + " for " + AUTO_OFFSET_RESET);
        };
    }
}
