package io.lanes.coordinator.group.records;

/** The key of a classic group's metadata snapshot. */
public record GroupMetadataKey(String groupId) implements GroupRecordKey {
}
