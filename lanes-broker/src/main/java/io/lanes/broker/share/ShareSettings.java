package io.lanes.broker.share;

import io.lanes.coordinator.share.AcquireMode;
import io.lanes.coordinator.share.ShareGroups;
import io.lanes.coordinator.share.ShareOrdering;
import io.lanes.coordinator.share.SharePartitionConfig;
import io.lanes.coordinator.share.ShareStateStore;

import java.util.Map;

/**
 * The broker configs of share groups, with Kafka's names and defaults: {@code group.share.heartbeat.interval.ms}
 * (5000), {@code group.share.session.timeout.ms} (45000), {@code group.share.max.size} (200),
 * {@code group.share.record.lock.duration.ms} (30000), {@code group.share.delivery.count.limit} (5),
 * {@code group.share.partition.max.record.locks} (2000), {@code share.coordinator.state.topic.num.partitions}
 * (50), {@code share.coordinator.snapshot.update.records.per.snapshot} (500). Immutable.
 */
public record ShareSettings(ShareGroups.Config groups, SharePartitionConfig partitions, int stateTopicPartitions,
                            int updatesPerSnapshot) {

    public static ShareSettings from(Map<String, String> brokerProps) {
        ShareGroups.Config groups = new ShareGroups.Config(
                intValue(brokerProps, "group.share.heartbeat.interval.ms", 5_000),
                intValue(brokerProps, "group.share.session.timeout.ms", 45_000),
                intValue(brokerProps, "group.share.max.size", 200));
        SharePartitionConfig partitions = new SharePartitionConfig(
                intValue(brokerProps, "group.share.record.lock.duration.ms", 30_000),
                intValue(brokerProps, "group.share.delivery.count.limit", 5),
                AcquireMode.BATCH_OPTIMIZED, ShareOrdering.NONE,
                intValue(brokerProps, "group.share.partition.max.record.locks", 2_000));
        return new ShareSettings(groups, partitions,
                intValue(brokerProps, "share.coordinator.state.topic.num.partitions", 50),
                intValue(brokerProps, "share.coordinator.snapshot.update.records.per.snapshot",
                        ShareStateStore.DEFAULT_UPDATES_PER_SNAPSHOT));
    }

    private static int intValue(Map<String, String> props, String key, int defaultValue) {
        String value = props.get(key);
        return value == null ? defaultValue : Integer.parseInt(value.trim());
    }
}
