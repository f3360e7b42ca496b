package io.lanes.coordinator.group.records;

/**
 * The key of a KIP-1071 streams group record: its record type (Kafka's CoordinatorRecordType, see
 * {@link StreamsGroupRecords}), the group, and the member id for the member types (19, 21, 22); null for the
 * group-level types.
 */
public record StreamsGroupKey(short type, String groupId, String memberId) implements GroupRecordKey {
}
