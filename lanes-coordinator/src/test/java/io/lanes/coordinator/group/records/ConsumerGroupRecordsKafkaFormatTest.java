package io.lanes.coordinator.group.records;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupCurrentMemberAssignmentKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupCurrentMemberAssignmentValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMemberMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMemberMetadataValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupPartitionMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupRegularExpressionKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupRegularExpressionValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupTargetAssignmentMemberKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupTargetAssignmentMemberValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupTargetAssignmentMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupTargetAssignmentMetadataValue;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConsumerGroupRecords} against Kafka 4.1's generated record classes and serde: for each KIP-848 record
 * type, the bytes Lanes writes are the bytes Kafka writes for the same state, Kafka's serde reads them, and Lanes
 * reads Kafka's bytes back; and Lanes' earlier whole-group snapshot converts to those records.
 */
class ConsumerGroupRecordsKafkaFormatTest {
    private static final Uuid ORDERS = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
    private static final Uuid AUDIT = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAg");
    private static final Map<Uuid, Set<Integer>> ASSIGNED = new TreeMap<>(Map.of(ORDERS, Set.of(0, 2), AUDIT, Set.of(1)));
    private final GroupCoordinatorRecordSerde kafka = new GroupCoordinatorRecordSerde();

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static byte[] kafkaKey(ApiMessage key) {
        return MessageUtil.toCoordinatorTypePrefixedBytes(key);
    }

    private static byte[] kafkaValue(ApiMessage value) {
        return MessageUtil.toVersionPrefixedBytes((short) 0, value);
    }

    /** Lanes' record has Kafka's key and value bytes, and Kafka's serde reads it as {@code key} and {@code value}. */
    private void assertKafkasRecord(CoordinatorRecord record, ApiMessage key, ApiMessage value) {
        assertThat(bytes(record.key())).isEqualTo(kafkaKey(key));
        var read = kafka.deserialize(record.key().duplicate(), record.value() == null ? null : record.value().duplicate());
        assertThat(read.key()).isEqualTo(key);
        if (value == null) {
            assertThat(record.value()).isNull();
            assertThat(read.value()).isNull();
        } else {
            assertThat(bytes(record.value())).isEqualTo(kafkaValue(value));
            assertThat(read.value()).isEqualTo(new ApiMessageAndVersion(value, (short) 0));
        }
    }

    private static List<ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions> kafkaCurrent() {
        return List.of(new ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions().setTopicId(ORDERS)
                        .setPartitions(List.of(0, 2)).setAssignmentEpochs(List.of(3, 4)),
                new ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions().setTopicId(AUDIT).setPartitions(List.of(1))
                        .setAssignmentEpochs(List.of(4)));
    }

    @Test
    void shouldWriteKafkasConsumerGroupMetadataWhenEpochIsBumped() {
        // when
        CoordinatorRecord withHash = ConsumerGroupRecords.groupEpoch("cg", 7, 123456789L);
        CoordinatorRecord withoutHash = ConsumerGroupRecords.groupEpoch("cg", 8, 0);

        // then
        ConsumerGroupMetadataKey key = new ConsumerGroupMetadataKey().setGroupId("cg");
        assertKafkasRecord(withHash, key, new ConsumerGroupMetadataValue().setEpoch(7).setMetadataHash(123456789L));
        assertKafkasRecord(withoutHash, key, new ConsumerGroupMetadataValue().setEpoch(8));
        assertKafkasRecord(ConsumerGroupRecords.groupEpochTombstone("cg"), key, null);
        assertThat(ConsumerGroupRecords.decodeGroupEpoch(ByteBuffer.wrap(kafkaValue(new ConsumerGroupMetadataValue()
                .setEpoch(7).setMetadataHash(-5))))).isEqualTo(new ConsumerGroupRecords.Epoch(7, -5));
        assertThat(LegacyConsumerGroupSnapshot.isSnapshot(withHash.value())).isFalse();
    }

    @Test
    void shouldWriteKafkasMemberMetadataWhenMemberJoins() {
        // given
        ConsumerGroupRecords.Member member = new ConsumerGroupRecords.Member("i1", null, "client", "/1.2.3.4",
                List.of("audit", "orders"), "or.*", 30_000, "uniform");

        // when
        CoordinatorRecord record = ConsumerGroupRecords.member("cg", "m1", member);

        // then
        ConsumerGroupMemberMetadataValue value = new ConsumerGroupMemberMetadataValue().setInstanceId("i1")
                .setRackId(null).setClientId("client").setClientHost("/1.2.3.4")
                .setSubscribedTopicNames(List.of("audit", "orders")).setSubscribedTopicRegex("or.*")
                .setRebalanceTimeoutMs(30_000).setServerAssignor("uniform")
                // what Kafka's broker writes for a member on the consumer protocol (the tag is present, null)
                .setClassicMemberMetadata(null);
        ConsumerGroupMemberMetadataKey key = new ConsumerGroupMemberMetadataKey().setGroupId("cg").setMemberId("m1");
        assertKafkasRecord(record, key, value);
        assertKafkasRecord(ConsumerGroupRecords.memberTombstone("cg", "m1"), key, null);
        assertThat(ConsumerGroupRecords.decodeMember(ByteBuffer.wrap(kafkaValue(value)))).isEqualTo(member);
    }

    @Test
    void shouldWriteKafkasTargetAssignmentWhenTargetIsComputed() {
        // when
        CoordinatorRecord member = ConsumerGroupRecords.targetMember("cg", "m1", ASSIGNED);
        CoordinatorRecord epoch = ConsumerGroupRecords.targetEpoch("cg", 4, 1_700_000_000_123L);
        CoordinatorRecord emptied = ConsumerGroupRecords.targetEpoch("cg", 5, 0L);

        // then
        ConsumerGroupTargetAssignmentMemberValue value = new ConsumerGroupTargetAssignmentMemberValue()
                .setTopicPartitions(List.of(
                        new ConsumerGroupTargetAssignmentMemberValue.TopicPartition().setTopicId(ORDERS)
                                .setPartitions(List.of(0, 2)),
                        new ConsumerGroupTargetAssignmentMemberValue.TopicPartition().setTopicId(AUDIT)
                                .setPartitions(List.of(1))));
        ConsumerGroupTargetAssignmentMemberKey memberKey = new ConsumerGroupTargetAssignmentMemberKey()
                .setGroupId("cg").setMemberId("m1");
        assertKafkasRecord(member, memberKey, value);
        assertKafkasRecord(ConsumerGroupRecords.targetMemberTombstone("cg", "m1"), memberKey, null);
        ConsumerGroupTargetAssignmentMetadataKey epochKey = new ConsumerGroupTargetAssignmentMetadataKey().setGroupId("cg");
        ConsumerGroupTargetAssignmentMetadataValue epochValue = new ConsumerGroupTargetAssignmentMetadataValue()
                .setAssignmentEpoch(4).setAssignmentTimestamp(1_700_000_000_123L);
        assertKafkasRecord(epoch, epochKey, epochValue);
        assertKafkasRecord(emptied, epochKey, new ConsumerGroupTargetAssignmentMetadataValue().setAssignmentEpoch(5));
        assertThat(ConsumerGroupRecords.decodeTargetEpoch(ByteBuffer.wrap(kafkaValue(epochValue))))
                .isEqualTo(new ConsumerGroupRecords.TargetEpoch(4, 1_700_000_000_123L));
        assertKafkasRecord(ConsumerGroupRecords.targetEpochTombstone("cg"), epochKey, null);
        assertThat(ConsumerGroupRecords.decodeTargetMember(ByteBuffer.wrap(kafkaValue(value)))).isEqualTo(ASSIGNED);
    }

    @Test
    void shouldWriteKafkasCurrentMemberAssignmentWhenMemberReconciles() {
        // given
        ConsumerGroupRecords.CurrentAssignment current = new ConsumerGroupRecords.CurrentAssignment(5, 4, (byte) 1,
                Map.of(ORDERS, Set.of(0, 2)), ASSIGNED, Map.of(ORDERS, Map.of(0, 3, 2, 4), AUDIT, Map.of(1, 4)));

        // when
        CoordinatorRecord record = ConsumerGroupRecords.currentAssignment("cg", "m1", current);

        // then
        ConsumerGroupCurrentMemberAssignmentValue value = new ConsumerGroupCurrentMemberAssignmentValue()
                .setMemberEpoch(5).setPreviousMemberEpoch(4).setState((byte) 1)
                .setAssignedPartitions(List.of(kafkaCurrent().get(0)))
                .setPartitionsPendingRevocation(kafkaCurrent());
        // a record without epochs (Kafka before 4.4, Lanes before): every partition's epoch is unknown
        ConsumerGroupCurrentMemberAssignmentValue withoutEpochs = value.duplicate();
        withoutEpochs.assignedPartitions().forEach(t -> t.setAssignmentEpochs(List.of()));
        withoutEpochs.partitionsPendingRevocation().forEach(t -> t.setAssignmentEpochs(List.of()));
        ConsumerGroupCurrentMemberAssignmentKey key = new ConsumerGroupCurrentMemberAssignmentKey().setGroupId("cg")
                .setMemberId("m1");
        assertKafkasRecord(record, key, value);
        assertKafkasRecord(ConsumerGroupRecords.currentAssignmentTombstone("cg", "m1"), key, null);
        assertThat(ConsumerGroupRecords.decodeCurrentAssignment(ByteBuffer.wrap(kafkaValue(value))))
                .usingRecursiveComparison().isEqualTo(current);
        assertThat(ConsumerGroupRecords.decodeCurrentAssignment(ByteBuffer.wrap(kafkaValue(withoutEpochs)))
                .assignmentEpochs()).isEmpty();
    }

    @Test
    void shouldWriteKafkasRegularExpressionWhenExpressionIsResolved() {
        // given
        ConsumerGroupRecords.ResolvedRegex resolved = new ConsumerGroupRecords.ResolvedRegex(Set.of("orders", "orders-eu"),
                0, 1_700_000_000_000L);

        // when
        CoordinatorRecord record = ConsumerGroupRecords.regex("cg", "orders.*", resolved);

        // then
        ConsumerGroupRegularExpressionValue value = new ConsumerGroupRegularExpressionValue()
                .setTopics(List.of("orders", "orders-eu")).setVersion(0).setTimestamp(1_700_000_000_000L);
        ConsumerGroupRegularExpressionKey key = new ConsumerGroupRegularExpressionKey().setGroupId("cg")
                .setRegularExpression("orders.*");
        assertKafkasRecord(record, key, value);
        assertKafkasRecord(ConsumerGroupRecords.regexTombstone("cg", "orders.*"), key, null);
        assertThat(ConsumerGroupRecords.decodeRegex(ByteBuffer.wrap(kafkaValue(value)))).isEqualTo(resolved);
        assertThat(GroupRecords.decodeKey(record.key()))
                .isEqualTo(new ConsumerGroupKey(ConsumerGroupRecords.REGULAR_EXPRESSION, "cg", "orders.*"));
    }

    @Test
    void shouldWriteKafkasPartitionMetadataTombstoneWhenGroupIsDeleted() {
        // when
        CoordinatorRecord record = ConsumerGroupRecords.partitionMetadataTombstone("cg");

        // then
        assertKafkasRecord(record, new ConsumerGroupPartitionMetadataKey().setGroupId("cg"), null);
    }

    @Test
    void shouldConvertToKafkasRecordsWhenAWholeGroupSnapshotIsInLanesEarlierFormat() {
        // given
        LegacyConsumerGroupSnapshot.Snapshot snapshot = new LegacyConsumerGroupSnapshot.Snapshot(6, 6, "range", 99,
                Map.of("orders", 3), List.of(new LegacyConsumerGroupSnapshot.Member("m1",
                new ConsumerGroupRecords.Member(null, null, "c", "/h", List.of("orders"), null, 30_000, null),
                new ConsumerGroupRecords.CurrentAssignment(6, 5, (byte) 0, ASSIGNED, Map.of(), Map.of()), ASSIGNED)));
        ByteBuffer value = LegacyConsumerGroupSnapshot.encode(snapshot);

        // when
        List<CoordinatorRecord> upgraded = GroupRecords.upgrade(GroupRecords.consumerGroupKey("cg"), value);
        List<CoordinatorRecord> fromOldestKey = GroupRecords.upgrade(LegacyGroupRecords.consumerGroupKey("cg"), value);

        // then: the snapshot's tombstone, then Kafka's records for the group, all of which Kafka's serde reads
        assertThat(upgraded.get(0).isTombstone()).isTrue();
        assertThat(bytes(upgraded.get(0).key())).isEqualTo(bytes(GroupRecords.consumerGroupKey("cg")));
        assertThat(upgraded.subList(1, upgraded.size())).hasSize(5).allSatisfy(r ->
                assertThat(kafka.deserialize(r.key().duplicate(), r.value().duplicate()).value()).isNotNull());
        assertThat(upgraded.subList(1, upgraded.size()).stream().map(r -> GroupRecords.decodeKey(r.key()).groupId()))
                .containsOnly("cg");
        assertThat(fromOldestKey).hasSize(5);
        assertThat(LegacyConsumerGroupSnapshot.isSnapshot(value)).isTrue();
        assertThat(GroupRecords.upgrade(GroupRecords.consumerGroupKey("cg"), null)).isEmpty();
        CoordinatorRecord epoch = upgraded.get(2);
        assertThat(ConsumerGroupRecords.decodeGroupEpoch(epoch.value()).epoch()).isEqualTo(6);
        assertThat(GroupRecords.upgrade(epoch.key(), epoch.value())).isNull();
    }
}
