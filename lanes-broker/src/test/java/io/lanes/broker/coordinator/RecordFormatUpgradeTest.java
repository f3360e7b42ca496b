package io.lanes.broker.coordinator;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.group.offsets.CommittedOffset;
import io.lanes.coordinator.group.records.GroupMetadataValue;
import io.lanes.coordinator.group.records.LegacyGroupRecords;
import io.lanes.coordinator.txn.TransactionCoordinator;
import io.lanes.coordinator.txn.TransactionMetadata;
import io.lanes.coordinator.txn.TransactionRecords;
import io.lanes.coordinator.txn.TransactionState;
import io.lanes.storage.PartitionLog;
import io.lanes.storage.ReadResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker whose {@code __consumer_offsets} and {@code __transaction_state} hold records in Lanes' earlier format
 * serves the same offsets, groups and transactions after a restart, and rewrites those records in Kafka's format
 * once.
 */
@Timeout(60)
class RecordFormatUpgradeTest {
    private static final int PARTITIONS = 3;
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    @TempDir
    Path dataDir;
    private LanesBroker broker;

    @AfterEach
    void tearDown() {
        if (broker != null) {
            broker.close();
        }
    }

    private void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "offsets.topic.num.partitions", String.valueOf(PARTITIONS),
                "transaction.state.log.num.partitions", String.valueOf(PARTITIONS))));
    }

    private void restart() throws Exception {
        broker.close();
        start();
    }

    private InternalTopicLog topic(String name, String prefix) {
        return InternalTopicLog.configured(broker.services().topics(), broker.config(), name, prefix);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /** The first int16 of each value of a partition (Kafka's value version), in log order, tombstones as null. */
    private List<Short> valueVersions(String topic, int partition) {
        PartitionLog log = broker.services().topics().partition(new TopicPartition(topic, partition)).orElseThrow();
        ReadResult read = log.read(log.logStartOffset(), Integer.MAX_VALUE, log.highWatermark(), true);
        List<Short> versions = new ArrayList<>();
        for (RecordBatch batch : read.records().batches()) {
            for (Record record : batch) {
                versions.add(record.hasValue() ? record.value().getShort(record.value().position()) : null);
            }
        }
        return versions;
    }

    private long logEnd(String topic, int partition) {
        return broker.services().topics().partition(new TopicPartition(topic, partition)).orElseThrow().logEndOffset();
    }

    @Test
    void shouldServeAndConvertOffsetsAndGroupsWhenTheyWereWrittenInLanesEarlierFormat() throws Exception {
        // given: an offset overwritten once, another offset, and an Empty classic group, all in the old format
        start();
        int partition = GroupCoordinator.partitionFor("legacy-group", PARTITIONS);
        topic(Topic.GROUP_METADATA_TOPIC_NAME, "offsets.topic").append(partition, List.of(
                LegacyGroupRecords.offset("legacy-group", ORDERS_0, new CommittedOffset(10, 0, "old", 1000, -1)),
                LegacyGroupRecords.offset("legacy-group", ORDERS_0, new CommittedOffset(42, 2, "state", 2000, -1)),
                LegacyGroupRecords.offset("legacy-group", ORDERS_1, new CommittedOffset(7, -1, "", 2000, -1)),
                LegacyGroupRecords.groupMetadata("legacy-group",
                        new GroupMetadataValue("consumer", 3, null, null, 2000, List.of())))).join();

        // when
        restart();

        // then: the same state is served
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("legacy-group")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(offsets).containsOnlyKeys(ORDERS_0, ORDERS_1);
            assertThat(offsets.get(ORDERS_0).offset()).isEqualTo(42);
            assertThat(offsets.get(ORDERS_0).metadata()).isEqualTo("state");
            assertThat(offsets.get(ORDERS_0).leaderEpoch()).contains(2);
            assertThat(offsets.get(ORDERS_1).offset()).isEqualTo(7);
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("legacy-group"))
                    .describedGroups().get("legacy-group").get();
            assertThat(group.groupState()).isEqualTo(GroupState.EMPTY);
        }
        // and: the live keys were rewritten in Kafka's format (OffsetCommitValue v4, GroupMetadataValue v3)
        assertThat(valueVersions(Topic.GROUP_METADATA_TOPIC_NAME, partition))
                .containsExactly((short) 0, (short) 0, (short) 0, (short) 0, (short) 4, (short) 4, (short) 3);

        // when: restarted again, nothing is left to convert
        long end = logEnd(Topic.GROUP_METADATA_TOPIC_NAME, partition);
        restart();

        // then
        assertThat(logEnd(Topic.GROUP_METADATA_TOPIC_NAME, partition)).isEqualTo(end);
        try (Admin admin = admin()) {
            assertThat(admin.listConsumerGroupOffsets("legacy-group").partitionsToOffsetAndMetadata().get()
                    .get(ORDERS_0).offset()).isEqualTo(42);
        }
    }

    @Test
    void shouldServeAndConvertTransactionsWhenTheyWereWrittenInLanesEarlierFormat() throws Exception {
        // given: a completed transaction of one id, and an id that was forgotten, in the old format
        start();
        int partition = TransactionCoordinator.partitionFor("legacy-tx", PARTITIONS);
        InternalTopicLog state = topic(Topic.TRANSACTION_STATE_TOPIC_NAME, "transaction.state.log");
        TransactionMetadata committed = new TransactionMetadata("legacy-tx", 1000L, (short) 5, (short) 4, 60000,
                TransactionState.COMPLETE_COMMIT, Set.of(), -1L, System.currentTimeMillis());
        state.append(partition, List.of(TransactionRecords.legacyRecord(committed))).join();
        int gonePartition = TransactionCoordinator.partitionFor("gone-tx", PARTITIONS);
        TransactionMetadata gone = new TransactionMetadata("gone-tx", 1001L, (short) 0, (short) -1, 60000,
                TransactionState.EMPTY, Set.of(), -1L, System.currentTimeMillis());
        state.append(gonePartition, List.of(TransactionRecords.legacyRecord(gone),
                TransactionRecords.tombstone("gone-tx"))).join();
        long goneEnd = logEnd(Topic.TRANSACTION_STATE_TOPIC_NAME, gonePartition);

        // when
        restart();

        // then
        try (Admin admin = admin()) {
            TransactionDescription described = admin.describeTransactions(List.of("legacy-tx"))
                    .description("legacy-tx").get();
            assertThat(described.state().toString()).isEqualTo("CompleteCommit");
            assertThat(described.producerId()).isEqualTo(1000L);
            assertThat(described.producerEpoch()).isEqualTo(5);
            assertThat(described.transactionTimeoutMs()).isEqualTo(60000);
            assertThat(admin.listTransactions().all().get()).extracting(t -> t.transactionalId())
                    .containsExactly("legacy-tx");
        }
        List<Short> versions = valueVersions(Topic.TRANSACTION_STATE_TOPIC_NAME, partition);
        assertThat(versions.get(versions.size() - 1)).isEqualTo((short) 1);
        assertThat(logEnd(Topic.TRANSACTION_STATE_TOPIC_NAME, gonePartition)).isEqualTo(goneEnd);
    }
}
