package io.lanes.broker.share;

import io.lanes.coordinator.share.AcquireMode;
import io.lanes.coordinator.share.ShareOrdering;
import io.lanes.coordinator.share.SharePartitionConfig;

import java.util.Map;

/**
 * The share-partition settings of a group: the configs set on it ({@link GroupConfigStore}) over the broker's
 * defaults ({@code group.share.*}). Thread-safe.
 */
final class ShareGroupConfigs {
    private final GroupConfigStore store;
    private final SharePartitionConfig defaults;

    ShareGroupConfigs(GroupConfigStore store, SharePartitionConfig defaults) {
        this.store = store;
        this.defaults = defaults;
    }

    SharePartitionConfig partitionConfig(String groupId) {
        Map<String, String> set = store.configs(groupId);
        return new SharePartitionConfig(
                Long.parseLong(set.getOrDefault(GroupConfigStore.LOCK_DURATION_MS,
                        String.valueOf(defaults.lockDurationMs()))),
                Integer.parseInt(set.getOrDefault(GroupConfigStore.DELIVERY_COUNT_LIMIT,
                        String.valueOf(defaults.deliveryCountLimit()))),
                AcquireMode.fromConfig(set.getOrDefault(AcquireMode.CONFIG, defaults.acquireMode().configValue())),
                ShareOrdering.fromConfig(set.getOrDefault(ShareOrdering.CONFIG, defaults.ordering().configValue())),
                defaults.maxInFlightRecords());
    }

    /** Whether the group reads committed records only ({@code share.isolation.level=read_committed}). */
    boolean readCommitted(String groupId) {
        return "read_committed".equals(store.configs(groupId).get(GroupConfigStore.ISOLATION_LEVEL));
    }

    /** The group's dead-letter queue topic ({@code errors.deadletterqueue.topic.name}), blank for none. */
    String deadLetterTopic(String groupId) {
        return store.configs(groupId).getOrDefault(GroupConfigStore.DLQ_TOPIC_NAME, "").trim();
    }

    /** Whether dead letters carry the original key and value ({@code errors.deadletterqueue.copy.record.enable}). */
    boolean copyDeadLetterRecords(String groupId) {
        return Boolean.parseBoolean(store.configs(groupId).get(GroupConfigStore.DLQ_COPY_RECORD_ENABLE));
    }

    SharePartitionManager.ResetPolicy resetPolicy(String groupId) {
        return "earliest".equals(store.configs(groupId).get(GroupConfigStore.AUTO_OFFSET_RESET))
                ? SharePartitionManager.ResetPolicy.EARLIEST : SharePartitionManager.ResetPolicy.LATEST;
    }
}
