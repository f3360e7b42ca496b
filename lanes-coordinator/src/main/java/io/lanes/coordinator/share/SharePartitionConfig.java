package io.lanes.coordinator.share;

/**
 * The configs one share-partition runs with, taken from its group's configs (Kafka's names, defaults in
 * {@link #DEFAULTS}): {@code share.record.lock.duration.ms} (how long an acquisition lasts without renewal, Kafka's
 * default 30 s), {@code share.delivery.count.limit} (deliveries after which a record that comes back is archived,
 * default 5), {@code share.acquire.mode}, {@code lanes.share.ordering}, and how many records may be in flight
 * (acquired or waiting behind an acquired one) at once: Kafka's {@code group.share.partition.max.record.locks},
 * default 2000. Immutable.
 */
public record SharePartitionConfig(long lockDurationMs, int deliveryCountLimit, AcquireMode acquireMode,
                                   ShareOrdering ordering, int maxInFlightRecords) {
    public static final SharePartitionConfig DEFAULTS =
            new SharePartitionConfig(30_000L, 5, AcquireMode.BATCH_OPTIMIZED, ShareOrdering.NONE, 2000);

    public SharePartitionConfig {
        if (lockDurationMs <= 0 || deliveryCountLimit < 1 || deliveryCountLimit > Short.MAX_VALUE
                || maxInFlightRecords < 1) {
            throw new IllegalArgumentException("Invalid share-partition config");
        }
    }

    public SharePartitionConfig withOrdering(ShareOrdering newOrdering) {
        return new SharePartitionConfig(lockDurationMs, deliveryCountLimit, acquireMode, newOrdering, maxInFlightRecords);
    }

    public SharePartitionConfig withAcquireMode(AcquireMode mode) {
        return new SharePartitionConfig(lockDurationMs, deliveryCountLimit, mode, ordering, maxInFlightRecords);
    }
}
