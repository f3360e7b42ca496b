package io.lanes.coordinator.share;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.share.generated.ShareSnapshotKey;
import org.apache.kafka.coordinator.share.generated.ShareSnapshotValue;
import org.apache.kafka.coordinator.share.generated.ShareUpdateKey;
import org.apache.kafka.coordinator.share.generated.ShareUpdateValue;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ShareStateRecords} against Kafka 4.1's generated ShareSnapshot / ShareUpdate records: the same bytes as
 * Kafka's share coordinator for the same state, and Kafka's bytes decode to the same state in Lanes.
 */
class ShareStateRecordsKafkaFormatTest {
    private static final Uuid TOPIC = Uuid.fromString("MLTsZ9qRQs2VYOaMKrbyrg");
    private static final ShareStateKey KEY = new ShareStateKey("orders-share", TOPIC, 3);
    private static final List<StateBatch> BATCHES = List.of(
            new StateBatch(100, 104, DeliveryState.ACKNOWLEDGED, (short) 1),
            new StateBatch(105, 105, DeliveryState.AVAILABLE, (short) 2),
            new StateBatch(106, 107, DeliveryState.ARCHIVED, (short) 5));

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void shouldWriteKafkasShareSnapshotWhenSnapshotting() {
        // given
        byte[] kafkaKey = MessageUtil.toCoordinatorTypePrefixedBytes(new ShareSnapshotKey()
                .setGroupId("orders-share").setTopicId(TOPIC).setPartition(3));
        byte[] kafkaValue = MessageUtil.toVersionPrefixedBytes((short) 0, new ShareSnapshotValue()
                .setSnapshotEpoch(7).setStateEpoch(2).setLeaderEpoch(0).setStartOffset(100)
                .setCreateTimestamp(1111L).setWriteTimestamp(2222L)
                .setStateBatches(List.of(
                        new ShareSnapshotValue.StateBatch().setFirstOffset(100).setLastOffset(104)
                                .setDeliveryState((byte) 2).setDeliveryCount((short) 1),
                        new ShareSnapshotValue.StateBatch().setFirstOffset(105).setLastOffset(105)
                                .setDeliveryState((byte) 0).setDeliveryCount((short) 2),
                        new ShareSnapshotValue.StateBatch().setFirstOffset(106).setLastOffset(107)
                                .setDeliveryState((byte) 4).setDeliveryCount((short) 5))));
        ShareSnapshot snapshot = new ShareSnapshot(7, 2, 0, 100, 1111L, 2222L, BATCHES);

        // when
        CoordinatorRecord record = ShareStateRecords.snapshot(KEY, snapshot);

        // then
        assertThat(bytes(record.key())).isEqualTo(kafkaKey);
        assertThat(bytes(record.value())).isEqualTo(kafkaValue);
        assertThat(ShareStateRecords.decodeKey(ByteBuffer.wrap(kafkaKey))).isEqualTo(KEY);
        assertThat(ShareStateRecords.type(ByteBuffer.wrap(kafkaKey))).isEqualTo(ShareStateRecords.SNAPSHOT_TYPE);
        assertThat(ShareStateRecords.decodeSnapshot(ByteBuffer.wrap(kafkaValue))).isEqualTo(snapshot);
    }

    @Test
    void shouldWriteKafkasShareUpdateWhenAChangeIsWritten() {
        // given
        byte[] kafkaKey = MessageUtil.toCoordinatorTypePrefixedBytes(new ShareUpdateKey()
                .setGroupId("orders-share").setTopicId(TOPIC).setPartition(3));
        byte[] kafkaValue = MessageUtil.toVersionPrefixedBytes((short) 0, new ShareUpdateValue()
                .setSnapshotEpoch(7).setLeaderEpoch(0).setStartOffset(-1)
                .setStateBatches(List.of(
                        new ShareUpdateValue.StateBatch().setFirstOffset(100).setLastOffset(104)
                                .setDeliveryState((byte) 2).setDeliveryCount((short) 1),
                        new ShareUpdateValue.StateBatch().setFirstOffset(105).setLastOffset(105)
                                .setDeliveryState((byte) 0).setDeliveryCount((short) 2),
                        new ShareUpdateValue.StateBatch().setFirstOffset(106).setLastOffset(107)
                                .setDeliveryState((byte) 4).setDeliveryCount((short) 5))));
        ShareStateChange change = new ShareStateChange(ShareStateChange.NO_START_OFFSET, BATCHES);

        // when
        CoordinatorRecord record = ShareStateRecords.update(KEY, 7, 0, change);

        // then
        assertThat(bytes(record.key())).isEqualTo(kafkaKey);
        assertThat(bytes(record.value())).isEqualTo(kafkaValue);
        assertThat(ShareStateRecords.type(ByteBuffer.wrap(kafkaKey))).isEqualTo(ShareStateRecords.UPDATE_TYPE);
        assertThat(ShareStateRecords.decodeUpdate(ByteBuffer.wrap(kafkaValue)))
                .isEqualTo(new ShareStateRecords.Update(7, 0, change));
    }

    @Test
    void shouldSkipAKeyOfAnotherTypeWhenDecoding() {
        // given
        ByteBuffer key = ByteBuffer.allocate(4).putShort((short) 9).putShort((short) 0).flip();

        // when
        ShareStateKey decoded = ShareStateRecords.decodeKey(key);

        // then
        assertThat(decoded).isNull();
    }
}
