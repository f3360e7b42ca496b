package io.lanes.coordinator.group.records;

/** The key of a consumer (KIP-848) group's snapshot. */
public record ConsumerGroupKey(String groupId) implements GroupRecordKey {
}
