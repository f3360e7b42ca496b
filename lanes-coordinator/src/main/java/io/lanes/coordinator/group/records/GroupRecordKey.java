package io.lanes.coordinator.group.records;

/** A decoded key of a {@code __consumer_offsets} record. */
public sealed interface GroupRecordKey permits OffsetCommitKey, GroupMetadataKey, ConsumerGroupKey,
        StreamsGroupKey {
    String groupId();
}
