package io.lanes.coordinator.txn;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.transaction.TransactionCoordinatorRecordSerde;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogKey;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogValue;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TransactionRecords} against Kafka 4.1's generated TransactionLogKey / TransactionLogValue: the same bytes
 * as Kafka for the same state, and Kafka's bytes decode to the same state in Lanes.
 */
class TransactionRecordsKafkaFormatTest {
    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static TransactionMetadata ongoing(short lastEpoch) {
        Set<TopicPartition> partitions = new LinkedHashSet<>(List.of(
                new TopicPartition("a", 0), new TopicPartition("a", 2), new TopicPartition("b", 1)));
        return new TransactionMetadata("tx-1", 4000L, (short) 3, lastEpoch, 60000, TransactionState.ONGOING,
                partitions, 1234L, 5678L);
    }

    private static TransactionLogValue kafkaOngoing() {
        return new TransactionLogValue().setProducerId(4000L).setProducerEpoch((short) 3)
                .setTransactionTimeoutMs(60000).setTransactionStatus((byte) 1)
                .setTransactionPartitions(List.of(
                        new TransactionLogValue.PartitionsSchema().setTopic("a").setPartitionIds(List.of(0, 2)),
                        new TransactionLogValue.PartitionsSchema().setTopic("b").setPartitionIds(List.of(1))))
                .setTransactionLastUpdateTimestampMs(5678L).setTransactionStartTimestampMs(1234L);
    }

    @Test
    void shouldWriteKafkasTransactionLogRecordWhenTransactionIsOngoing() {
        // given
        byte[] kafkaKey = MessageUtil.toCoordinatorTypePrefixedBytes(new TransactionLogKey().setTransactionalId("tx-1"));
        byte[] kafkaValue = MessageUtil.toVersionPrefixedBytes((short) 1, kafkaOngoing());

        // when
        CoordinatorRecord record = TransactionRecords.record(ongoing((short) -1));

        // then
        assertThat(bytes(record.key())).isEqualTo(kafkaKey);
        assertThat(bytes(record.value())).isEqualTo(kafkaValue);
        assertThat(TransactionRecords.decodeKey(ByteBuffer.wrap(kafkaKey))).isEqualTo("tx-1");
        assertThat(TransactionRecords.decodeValue("tx-1", ByteBuffer.wrap(kafkaValue)))
                .usingRecursiveComparison().isEqualTo(ongoing((short) -1));
    }

    @Test
    void shouldWriteKafkasVersionTwoTaggedFieldsWhenTransactionBumpsEpoch() {
        // given: a version-2 commit being decided, its epochs exhausted, moving to producer id 4001
        TransactionMetadata deciding = new TransactionMetadata("tx-1", 4000L, (short) 3, (short) -1, 60000,
                TransactionState.ONGOING, ongoing((short) -1).partitions(), 1234L, 5678L, 4000L, 4001L, (short) 2);
        byte[] kafkaValue = MessageUtil.toVersionPrefixedBytes((short) 1, kafkaOngoing()
                .setPreviousProducerId(4000L).setNextProducerId(4001L).setClientTransactionVersion((short) 2));

        // when
        CoordinatorRecord record = TransactionRecords.record(deciding);

        // then
        assertThat(bytes(record.value())).isEqualTo(kafkaValue);
        assertThat(TransactionRecords.decodeValue("tx-1", ByteBuffer.wrap(kafkaValue)))
                .usingRecursiveComparison().isEqualTo(deciding);
    }

    @Test
    void shouldBeReadByKafkaWhenThePreviousEpochIsKeptInLanesTag() {
        // given
        CoordinatorRecord record = TransactionRecords.record(ongoing((short) 2));

        // when
        var kafka = new TransactionCoordinatorRecordSerde().deserialize(record.key().duplicate(), record.value().duplicate());
        ByteBuffer value = record.value().duplicate();
        short version = value.getShort();
        TransactionLogValue decoded = new TransactionLogValue(new ByteBufferAccessor(value), version);

        // then: Kafka sees its own fields and sets the unknown tag aside; Lanes gets the epoch back
        assertThat(kafka.key()).isEqualTo(new TransactionLogKey().setTransactionalId("tx-1"));
        assertThat(version).isEqualTo((short) 1);
        assertThat(decoded.producerId()).isEqualTo(4000L);
        assertThat(decoded.transactionPartitions()).isEqualTo(kafkaOngoing().transactionPartitions());
        assertThat(decoded.unknownTaggedFields()).hasSize(1);
        assertThat(TransactionRecords.decodeValue("tx-1", record.value()).lastProducerEpoch()).isEqualTo((short) 2);
    }

    @Test
    void shouldDecodeEveryStateWhenKafkaWroteIt() {
        for (TransactionState state : TransactionState.values()) {
            // given
            byte[] kafkaValue = MessageUtil.toVersionPrefixedBytes((short) 1, kafkaOngoing()
                    .setTransactionStatus(state.id()).setTransactionPartitions(List.of()).setTransactionStartTimestampMs(-1));

            // when
            TransactionMetadata decoded = TransactionRecords.decodeValue("tx-1", ByteBuffer.wrap(kafkaValue));

            // then
            assertThat(decoded.state()).isEqualTo(state);
            assertThat(decoded.partitions()).isEmpty();
            assertThat(decoded.startTimestampMs()).isEqualTo(-1);
        }
    }

    @Test
    void shouldConvertARecordWhenItIsInLanesEarlierFormat() {
        // given
        CoordinatorRecord legacy = TransactionRecords.legacyRecord(ongoing((short) 2));

        // when
        List<CoordinatorRecord> upgraded = TransactionRecords.upgrade(legacy.key(), legacy.value());

        // then
        assertThat(TransactionRecords.decodeValue("tx-1", legacy.value())).usingRecursiveComparison().isEqualTo(ongoing((short) 2));
        assertThat(upgraded).singleElement().satisfies(r -> {
            assertThat(bytes(r.key())).isEqualTo(bytes(legacy.key()));
            assertThat(bytes(r.value())).isEqualTo(bytes(TransactionRecords.record(ongoing((short) 2)).value()));
        });
        assertThat(TransactionRecords.upgrade(upgraded.get(0).key(), upgraded.get(0).value())).isNull();
        assertThat(TransactionRecords.upgrade(legacy.key(), null)).isNull();
    }
}
