package io.lanes.coordinator.group.records;

import io.lanes.coordinator.group.offsets.CommittedOffset;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.common.runtime.Deserializer;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GroupRecords} against Kafka 4.1's own generated record classes and serde: the bytes Lanes writes are
 * the bytes Kafka writes for the same state, and Kafka's bytes decode to the same state in Lanes.
 */
class GroupRecordsKafkaFormatTest {
    private static final TopicPartition TP = new TopicPartition("orders", 7);
    private final GroupCoordinatorRecordSerde kafka = new GroupCoordinatorRecordSerde();

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static byte[] kafkaValue(ApiMessage message, short version) {
        return MessageUtil.toVersionPrefixedBytes(version, message);
    }

    private static org.apache.kafka.coordinator.group.generated.GroupMetadataValue kafkaGroup(String protocolType) {
        return new org.apache.kafka.coordinator.group.generated.GroupMetadataValue()
                .setProtocolType(protocolType).setGeneration(5).setProtocol("range").setLeader("m1")
                .setCurrentStateTimestamp(2000).setMembers(List.of(
                        new org.apache.kafka.coordinator.group.generated.GroupMetadataValue.MemberMetadata()
                                .setMemberId("m1").setGroupInstanceId("i1").setClientId("client")
                                .setClientHost("/1.2.3.4").setRebalanceTimeout(300).setSessionTimeout(100)
                                .setSubscription(new byte[]{1, 2}).setAssignment(new byte[]{3}),
                        new org.apache.kafka.coordinator.group.generated.GroupMetadataValue.MemberMetadata()
                                .setMemberId("m2").setGroupInstanceId(null).setClientId("c2")
                                .setClientHost("/5.6.7.8").setRebalanceTimeout(301).setSessionTimeout(101)
                                .setSubscription(new byte[0]).setAssignment(new byte[]{4, 5})));
    }

    private static GroupMetadataValue lanesGroup(String protocolType) {
        return new GroupMetadataValue(protocolType, 5, "range", "m1", 2000, List.of(
                new GroupMetadataValue.Member("m1", "i1", "client", "/1.2.3.4", 300, 100, new byte[]{1, 2}, new byte[]{3}),
                new GroupMetadataValue.Member("m2", null, "c2", "/5.6.7.8", 301, 101, new byte[0], new byte[]{4, 5})));
    }

    @Test
    void shouldWriteKafkasOffsetCommitKeyAndValueV4WhenOffsetHasNoExpiry() {
        // given
        CommittedOffset offset = new CommittedOffset(42, 3, "state", 1000, -1);
        byte[] kafkaKey = MessageUtil.toCoordinatorTypePrefixedBytes(
                new OffsetCommitKey().setGroup("g").setTopic("orders").setPartition(7));
        byte[] kafkaValue = kafkaValue(new OffsetCommitValue().setOffset(42).setLeaderEpoch(3).setMetadata("state")
                .setCommitTimestamp(1000), (short) 4);

        // when
        CoordinatorRecord record = GroupRecords.offset("g", TP, offset);

        // then
        assertThat(bytes(record.key())).isEqualTo(kafkaKey);
        assertThat(bytes(record.value())).isEqualTo(kafkaValue);
        assertThat(GroupRecords.decodeKey(ByteBuffer.wrap(kafkaKey)))
                .isEqualTo(new io.lanes.coordinator.group.records.OffsetCommitKey("g", "orders", 7));
        assertThat(GroupRecords.decodeOffset(ByteBuffer.wrap(kafkaValue))).isEqualTo(offset);
    }

    @Test
    void shouldWriteOffsetCommitValueV1WhenOffsetHasAnExpiry() {
        // given
        CommittedOffset offset = new CommittedOffset(42, -1, "", 1000, 5000);
        byte[] kafkaValue = kafkaValue(new OffsetCommitValue().setOffset(42).setMetadata("")
                .setCommitTimestamp(1000).setExpireTimestamp(5000), (short) 1);

        // when
        CoordinatorRecord record = GroupRecords.offset("g", TP, offset);

        // then
        assertThat(bytes(record.value())).isEqualTo(kafkaValue);
        assertThat(GroupRecords.decodeOffset(ByteBuffer.wrap(kafkaValue))).isEqualTo(offset);
    }

    @Test
    void shouldDecodeKafkasOffsetCommitValueWhenItCarriesATopicId() {
        // given: Kafka 4.1 may tag the value with the topic id; Lanes ignores it
        byte[] kafkaValue = kafkaValue(new OffsetCommitValue().setOffset(9).setLeaderEpoch(1).setMetadata("m")
                .setCommitTimestamp(77).setTopicId(org.apache.kafka.common.Uuid.randomUuid()), (short) 4);

        // when
        CommittedOffset decoded = GroupRecords.decodeOffset(ByteBuffer.wrap(kafkaValue));

        // then
        assertThat(decoded).isEqualTo(new CommittedOffset(9, 1, "m", 77, -1));
    }

    @Test
    void shouldWriteKafkasGroupMetadataV3WhenAGenerationIsStored() {
        // given
        byte[] kafkaKey = MessageUtil.toCoordinatorTypePrefixedBytes(
                new org.apache.kafka.coordinator.group.generated.GroupMetadataKey().setGroup("g"));
        byte[] kafkaValue = kafkaValue(kafkaGroup("consumer"), (short) 3);

        // when
        CoordinatorRecord record = GroupRecords.groupMetadata("g", lanesGroup("consumer"));

        // then
        assertThat(bytes(record.key())).isEqualTo(kafkaKey);
        assertThat(bytes(record.value())).isEqualTo(kafkaValue);
        GroupMetadataValue decoded = GroupRecords.decodeGroupMetadata(ByteBuffer.wrap(kafkaValue));
        assertThat(decoded).usingRecursiveComparison().isEqualTo(lanesGroup("consumer"));
    }

    @Test
    void shouldWriteEmptyProtocolTypeWhenGroupHasNone() {
        // when
        CoordinatorRecord record = GroupRecords.groupMetadata("g", lanesGroup(null));

        // then: Kafka writes "" for a group without protocol type and reads it back as none
        assertThat(bytes(record.value())).isEqualTo(kafkaValue(kafkaGroup(""), (short) 3));
        assertThat(GroupRecords.decodeGroupMetadata(record.value()).protocolType()).isNull();
    }

    @Test
    void shouldBeReadByKafkasSerdeWhenRecordsAreOffsetsGroupsAndTombstones() {
        // given
        CoordinatorRecord offset = GroupRecords.offset("g", TP, new CommittedOffset(1, 0, "x", 2, -1));
        CoordinatorRecord group = GroupRecords.groupMetadata("g", lanesGroup("consumer"));

        // when
        var offsetRecord = kafka.deserialize(offset.key().duplicate(), offset.value().duplicate());
        var groupRecord = kafka.deserialize(group.key().duplicate(), group.value().duplicate());
        var tombstone = kafka.deserialize(GroupRecords.offsetTombstone("g", TP).key(), null);

        // then
        assertThat(offsetRecord.key()).isEqualTo(new OffsetCommitKey().setGroup("g").setTopic("orders").setPartition(7));
        assertThat(offsetRecord.value()).isEqualTo(new ApiMessageAndVersion(new OffsetCommitValue().setOffset(1)
                .setLeaderEpoch(0).setMetadata("x").setCommitTimestamp(2), (short) 4));
        assertThat(groupRecord.value().message()).isEqualTo(kafkaGroup("consumer"));
        assertThat(tombstone.value()).isNull();
    }

    @Test
    void shouldConvertAnOffsetWhenItIsInLanesEarlierFormat() {
        // given
        CommittedOffset offset = new CommittedOffset(42, 3, "state", 1000, -1);
        CoordinatorRecord legacy = LegacyGroupRecords.offset("g", TP, offset);

        // when
        List<CoordinatorRecord> upgraded = GroupRecords.upgrade(legacy.key(), legacy.value());

        // then
        assertThat(GroupRecords.decodeOffset(legacy.value())).isEqualTo(offset);
        assertThat(upgraded).hasSize(1);
        assertThat(bytes(upgraded.get(0).key())).isEqualTo(bytes(legacy.key()));
        assertThat(bytes(upgraded.get(0).value())).isEqualTo(bytes(GroupRecords.offset("g", TP, offset).value()));
        assertThat(GroupRecords.upgrade(upgraded.get(0).key(), upgraded.get(0).value())).isNull();
    }

    @Test
    void shouldConvertAClassicGroupWhenItIsInLanesEarlierFormat() {
        // given
        CoordinatorRecord legacy = LegacyGroupRecords.groupMetadata("g", lanesGroup(null));

        // when
        List<CoordinatorRecord> upgraded = GroupRecords.upgrade(legacy.key(), legacy.value());

        // then
        assertThat(GroupRecords.decodeGroupMetadata(legacy.value())).usingRecursiveComparison().isEqualTo(lanesGroup(null));
        assertThat(upgraded).singleElement().satisfies(r ->
                assertThat(bytes(r.value())).isEqualTo(kafkaValue(kafkaGroup(""), (short) 3)));
    }
}
