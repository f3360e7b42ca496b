package io.lanes.coordinator.group;

import io.lanes.coordinator.group.consumer.ConsumerGroup;
import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.group.records.ConsumerGroupRecords;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.group.records.LegacyConsumerGroupSnapshot;
import io.lanes.coordinator.group.timeline.RebalanceTimeline;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A KIP-848 group stored as Lanes' earlier whole-group snapshot (record type 1000) loads into the state it held,
 * converts to Kafka's consumer group records with the same state, and is written as Kafka's records afterwards.
 */
class ConsumerGroupSnapshotConversionTest {
    private final FakeTopics topics = new FakeTopics();
    private final Uuid orders = topics.create("orders", 3);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final MemoryLog log = new MemoryLog();
    private final GroupConfig config = GroupConfig.defaults().withNumPartitions(1);
    private final ConsumerGroupConfig consumerConfig = ConsumerGroupConfig.defaults().withTimeouts(1000, 45_000);

    private LegacyConsumerGroupSnapshot.Member member(String id, int epoch, Set<Integer> partitions) {
        Map<Uuid, Set<Integer>> owned = new TreeMap<>(Map.of(orders, partitions));
        return new LegacyConsumerGroupSnapshot.Member(id, new ConsumerGroupRecords.Member(null, null, "client",
                "/127.0.0.1", List.of("orders"), null, 30_000, null),
                new ConsumerGroupRecords.CurrentAssignment(epoch, epoch - 1, (byte) 0, owned, Map.of(), Map.of()), owned);
    }

    private CoordinatorRecord snapshot() {
        LegacyConsumerGroupSnapshot.Snapshot group = new LegacyConsumerGroupSnapshot.Snapshot(3, 3, "uniform", 5,
                Map.of("orders", 3), List.of(member("a", 3, Set.of(0, 1)), member("b", 3, Set.of(2))));
        return new CoordinatorRecord(GroupRecords.consumerGroupKey("g"), LegacyConsumerGroupSnapshot.encode(group));
    }

    private GroupShard loaded(List<CoordinatorRecord> records) {
        GroupShard shard = GroupCoordinator.Shard.create(0, log, scheduler, config, consumerConfig, topics,
                new RebalanceTimeline()).state();
        records.forEach(r -> shard.replay(r.key(), r.value()));
        shard.finishLoading();
        return shard;
    }

    private static ConsumerGroup group(GroupShard shard) {
        return shard.call(() -> (ConsumerGroup) shard.group("g"));
    }

    @Test
    void shouldLoadTheSameGroupWhenSnapshotIsReplayedConvertedOrBoth() {
        // given
        CoordinatorRecord snapshot = snapshot();
        List<CoordinatorRecord> converted = GroupRecords.upgrade(snapshot.key(), snapshot.value());
        List<CoordinatorRecord> snapshotThenConverted = new ArrayList<>(List.of(snapshot));
        snapshotThenConverted.addAll(converted);

        // when: before the conversion, right after it (both in the log), and after compaction (converted only)
        ConsumerGroup fromSnapshot = group(loaded(List.of(snapshot)));
        ConsumerGroup fromBoth = group(loaded(snapshotThenConverted));
        ConsumerGroup fromConverted = group(loaded(converted.subList(1, converted.size())));

        // then
        assertThat(fromSnapshot.groupEpoch()).isEqualTo(3);
        assertThat(fromSnapshot.members()).containsOnlyKeys("a", "b");
        assertThat(fromBoth).usingRecursiveComparison().ignoringFields("ownership").isEqualTo(fromSnapshot);
        assertThat(fromConverted).usingRecursiveComparison().ignoringFields("ownership").isEqualTo(fromSnapshot);
    }

    @Test
    void shouldKeepMembersEpochsAndWriteKafkasRecordsWhenGroupWasLoadedFromASnapshot() {
        // given
        log.append(0, List.of(snapshot()));
        GroupCoordinator coordinator = new GroupCoordinator(config, consumerConfig, log, scheduler, topics);
        log.replayInto(coordinator);

        // when: a steady member heartbeats, then the other leaves
        ConsumerGroupHeartbeatResponseData steady = coordinator.consumerGroupHeartbeat(
                GroupFixture.info(ApiKeys.CONSUMER_GROUP_HEARTBEAT), new ConsumerGroupHeartbeatRequestData()
                        .setGroupId("g").setMemberId("a").setMemberEpoch(3)).join();
        int recordsAfterSteady = log.entries(0).size();
        ConsumerGroupHeartbeatResponseData left = coordinator.consumerGroupHeartbeat(
                GroupFixture.info(ApiKeys.CONSUMER_GROUP_HEARTBEAT), new ConsumerGroupHeartbeatRequestData()
                        .setGroupId("g").setMemberId("b").setMemberEpoch(-1)).join();

        // then: no rebalance, nothing written for a heartbeat that changes nothing, Kafka's record types afterwards
        assertThat(steady.errorCode()).isZero();
        assertThat(steady.memberEpoch()).isEqualTo(3);
        assertThat(recordsAfterSteady).isEqualTo(1);
        assertThat(left.errorCode()).isZero();
        List<MemoryLog.Entry> written = log.entries(0).subList(1, log.entries(0).size());
        assertThat(written).extracting(e -> e.record().key().getShort(0))
                .containsExactly((short) 8, (short) 7, (short) 5, (short) 3); // a's next heartbeat computes the new target
        GroupCoordinator restarted = new GroupCoordinator(config, consumerConfig, log, new ManualScheduler(), topics);
        log.replayInto(restarted);
        ConsumerGroupDescribeResponseData.DescribedGroup described = restarted.consumerGroupDescribe(
                GroupFixture.info(ApiKeys.CONSUMER_GROUP_DESCRIBE),
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g"))).groups().get(0);
        assertThat(described.groupEpoch()).isEqualTo(4);
        assertThat(described.members()).extracting(ConsumerGroupDescribeResponseData.Member::memberId)
                .containsExactly("a");
    }

    @Test
    void shouldReplaceTheEmptyClassicGroupWhenAMemberJoinsAGroupThatOnlyHasOffsets() {
        // given: offsets committed without a group make an Empty classic group, as in Kafka
        GroupCoordinator coordinator = new GroupCoordinator(config, consumerConfig, log, scheduler, topics);
        coordinator.finishLoading();
        log.append(0, List.of(GroupRecords.offset("g", new org.apache.kafka.common.TopicPartition("orders", 0),
                new io.lanes.coordinator.group.offsets.CommittedOffset(5, -1, "", 1, -1))));
        coordinator.replay(0, log.entries(0).get(0).record().key(), log.entries(0).get(0).record().value());

        // when
        ConsumerGroupHeartbeatResponseData joined = coordinator.consumerGroupHeartbeat(
                GroupFixture.info(ApiKeys.CONSUMER_GROUP_HEARTBEAT), new ConsumerGroupHeartbeatRequestData()
                        .setGroupId("g").setMemberId("a").setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                        .setSubscribedTopicNames(List.of("orders")).setTopicPartitions(List.of())).join();

        // then: the classic group's tombstone comes first (Kafka's order), then the consumer group's records
        assertThat(joined.errorCode()).isZero();
        assertThat(log.entries(0).get(1).record().key().getShort(0)).isEqualTo(GroupRecords.CLASSIC_GROUP_KEY_TYPE);
        assertThat(log.entries(0).get(1).record().isTombstone()).isTrue();
        GroupCoordinator restarted = new GroupCoordinator(config, consumerConfig, log, new ManualScheduler(), topics);
        log.replayInto(restarted);
        assertThat(restarted.consumerGroupDescribe(GroupFixture.info(ApiKeys.CONSUMER_GROUP_DESCRIBE),
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g"))).groups().get(0).members())
                .extracting(ConsumerGroupDescribeResponseData.Member::memberId).containsExactly("a");
    }
}
