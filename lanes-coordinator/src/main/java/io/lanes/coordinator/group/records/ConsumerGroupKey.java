package io.lanes.coordinator.group.records;

/**
 * The key of a KIP-848 consumer group record: its record type (Kafka's CoordinatorRecordType, see
 * {@link ConsumerGroupRecords}, or {@link GroupRecords#CONSUMER_GROUP_KEY_TYPE} for Lanes' earlier whole-group
 * snapshot), the group, and the member id (member types 5, 7, 8) or the regular expression (type 16); null for the
 * group-level types.
 */
public record ConsumerGroupKey(short type, String groupId, String subKey) implements GroupRecordKey {
}
