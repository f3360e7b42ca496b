package io.lanes.coordinator.group;

import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.group.records.ConsumerGroupKey;
import io.lanes.coordinator.group.records.ConsumerGroupRecords;
import io.lanes.coordinator.group.records.GroupRecords;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData.TopicPartitions;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KIP-848 consumer groups in the coordinator: epochs, revoke-before-assign, errors, timeouts, static
 * members, regular expressions, replay.
 */
class ConsumerGroupCoordinatorTest {
    private final FakeTopics topics = new FakeTopics();
    private final Uuid orders = topics.create("orders", 3);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final MemoryLog log = new MemoryLog();
    private ConsumerGroupConfig config = ConsumerGroupConfig.defaults().withTimeouts(1000, 45000);
    private GroupCoordinator coordinator = newCoordinator();

    private GroupCoordinator newCoordinator() {
        return new GroupCoordinator(GroupConfig.defaults().withNumPartitions(3), config, log, scheduler, topics);
    }

    private ConsumerGroupHeartbeatRequestData request(String memberId, int epoch, List<Integer> owned) {
        ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId(memberId).setMemberEpoch(epoch)
                .setTopicPartitions(owned == null ? null : List.of(new TopicPartitions().setTopicId(orders)
                        .setPartitions(new ArrayList<>(owned))));
        if (epoch == 0) {
            request.setRebalanceTimeoutMs(30000).setSubscribedTopicNames(List.of("orders"))
                    .setTopicPartitions(List.of());
        }
        return request;
    }

    private ConsumerGroupHeartbeatResponseData send(ConsumerGroupHeartbeatRequestData request) {
        return coordinator.consumerGroupHeartbeat(GroupFixture.info(ApiKeys.CONSUMER_GROUP_HEARTBEAT), request).join();
    }

    private ConsumerGroupHeartbeatResponseData beat(String memberId, int epoch, List<Integer> owned) {
        return send(request(memberId, epoch, owned));
    }

    private ConsumerGroupDescribeResponseData.DescribedGroup describe() {
        return coordinator.consumerGroupDescribe(GroupFixture.info(ApiKeys.CONSUMER_GROUP_DESCRIBE),
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g"))).groups().get(0);
    }

    /** The assigned partition count per topic id. */
    private static Map<Uuid, Integer> perTopic(ConsumerGroupHeartbeatResponseData response) {
        assertThat(response.assignment()).isNotNull();
        Map<Uuid, Integer> out = new HashMap<>();
        response.assignment().topicPartitions().forEach(tp -> out.put(tp.topicId(), tp.partitions().size()));
        return out;
    }

    private static List<Integer> partitions(ConsumerGroupHeartbeatResponseData response) {
        assertThat(response.assignment()).isNotNull();
        TreeSet<Integer> out = new TreeSet<>();
        response.assignment().topicPartitions().forEach(tp -> out.addAll(tp.partitions()));
        return new ArrayList<>(out);
    }

    /** The assignment epochs (topic id to partition to epoch) of the member's last current assignment record. */
    private Map<Uuid, Map<Integer, Integer>> lastAssignmentEpochs(String memberId) {
        Map<Uuid, Map<Integer, Integer>> last = Map.of();
        for (List<MemoryLog.Entry> entries : log.partitions.values()) {
            for (MemoryLog.Entry entry : entries) {
                if (!entry.isMarker() && entry.record().value() != null
                        && GroupRecords.decodeKey(entry.record().key()) instanceof ConsumerGroupKey key
                        && key.type() == ConsumerGroupRecords.CURRENT_MEMBER_ASSIGNMENT && memberId.equals(key.subKey())) {
                    last = ConsumerGroupRecords.decodeCurrentAssignment(entry.record().value()).assignmentEpochs();
                }
            }
        }
        return last;
    }

    private Errors commit(String memberId, int epoch) {
        return commit(memberId, epoch, 0);
    }

    private Errors commit(String memberId, int epoch, int partition) {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId("g").setMemberId(memberId)
                .setGenerationIdOrMemberEpoch(epoch).setTopics(List.of(new OffsetCommitRequestTopic().setName("orders")
                        .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(partition)
                                .setCommittedOffset(5)))));
        return Errors.forCode(coordinator.commitOffsets(GroupFixture.info((short) 9), request).join()
                .topics().get(0).partitions().get(0).errorCode());
    }

    @Test
    void shouldRevokeBeforeAssigningWhenSecondMemberJoins() {
        coordinator.finishLoading();
        ConsumerGroupHeartbeatResponseData a = beat("a", 0, null);
        assertThat(a.errorCode()).isZero();
        assertThat(a.memberEpoch()).isEqualTo(2);
        assertThat(a.heartbeatIntervalMs()).isEqualTo(1000);
        assertThat(partitions(a)).containsExactly(0, 1, 2);
        assertThat(beat("a", 2, List.of(0, 1, 2)).memberEpoch()).isEqualTo(2);

        // b joins: nothing is free yet
        ConsumerGroupHeartbeatResponseData b = beat("b", 0, null);
        assertThat(b.memberEpoch()).isEqualTo(3);
        assertThat(partitions(b)).isEmpty();
        // a is asked to revoke, keeping its epoch
        ConsumerGroupHeartbeatResponseData revoke = beat("a", 2, null);
        assertThat(revoke.memberEpoch()).isEqualTo(2);
        List<Integer> kept = partitions(revoke);
        assertThat(kept).hasSize(2);
        assertThat(commit("a", 2)).isEqualTo(Errors.NONE);
        // b still waits while a has not acknowledged
        assertThat(beat("b", 3, null).assignment()).isNull();
        // a acknowledges: it moves to epoch 3, b gets the released partition
        assertThat(beat("a", 2, kept).memberEpoch()).isEqualTo(3);
        ConsumerGroupHeartbeatResponseData released = beat("b", 3, null);
        assertThat(partitions(released)).hasSize(1).doesNotContainAnyElementsOf(kept);
        // a commit sent at the previous epoch (KIP-1251): accepted for what a kept, refused for what it gave up
        int givenUp = partitions(released).get(0);
        assertThat(commit("a", 2, kept.get(0))).isEqualTo(Errors.NONE);
        assertThat(commit("a", 2, givenUp)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(commit("a", 4, kept.get(0))).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        // b got its partition at epoch 3: its current epoch commits it, an older epoch predates its ownership
        assertThat(commit("b", 3, givenUp)).isEqualTo(Errors.NONE);
        assertThat(commit("b", 2, givenUp)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(commit("x", 3)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(beat("a", 6, kept).errorCode()).isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
        assertThat(beat("zzz", 4, null).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(coordinator.listGroups(new ListGroupsRequestData()).groups().get(0).groupType()).isEqualTo("consumer");

        // a restarted coordinator replays the same group
        coordinator = newCoordinator();
        log.replayInto(coordinator);
        ConsumerGroupDescribeResponseData.DescribedGroup described = coordinator.consumerGroupDescribe(
                GroupFixture.info(ApiKeys.CONSUMER_GROUP_DESCRIBE),
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g"))).groups().get(0);
        assertThat(described.errorCode()).isZero();
        assertThat(described.groupEpoch()).isEqualTo(3);
        assertThat(described.assignorName()).isEqualTo("uniform");
        assertThat(described.members()).extracting(ConsumerGroupDescribeResponseData.Member::memberEpoch)
                .containsExactlyInAnyOrder(3, 3);
        assertThat(beat("b", 3, null).errorCode()).isZero();

        // b leaves; a times out after the session timeout
        ConsumerGroupHeartbeatResponseData left = beat("b", -1, null);
        assertThat(left.memberEpoch()).isEqualTo(-1);
        scheduler.advance(46_000);
        described = coordinator.consumerGroupDescribe(GroupFixture.info(ApiKeys.CONSUMER_GROUP_DESCRIBE),
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g"))).groups().get(0);
        assertThat(described.groupState()).isEqualTo("Empty");
        assertThat(described.members()).isEmpty();
    }

    /** The error of a TxnOffsetCommit at {@code version} of one partition of orders. */
    private Errors txnCommit(short version, String memberId, int epoch, int partition) {
        TxnOffsetCommitRequestData request = new TxnOffsetCommitRequestData().setTransactionalId("t").setGroupId("g")
                .setProducerId(1).setProducerEpoch((short) 0).setMemberId(memberId).setGenerationIdOrMemberEpoch(epoch)
                .setTopics(List.of(new TxnOffsetCommitRequestTopic().setName("orders").setPartitions(List.of(
                        new TxnOffsetCommitRequestPartition().setPartitionIndex(partition).setCommittedOffset(5)))));
        return Errors.forCode(coordinator.commitTransactionalOffsets(version, request).join()
                .topics().get(0).partitions().get(0).errorCode());
    }

    @Test
    void shouldCheckTransactionalCommitsPerPartitionAndNameStaleEpochsByVersionWhenTheMemberEpochIsOld() {
        // given: a owned everything at epoch 2, then gave one partition to b and moved to epoch 3
        coordinator.finishLoading();
        beat("a", 0, null);
        beat("a", 2, List.of(0, 1, 2));
        beat("b", 0, null);
        List<Integer> kept = partitions(beat("a", 2, null));
        beat("a", 2, kept);
        int givenUp = partitions(beat("b", 3, null)).get(0);

        // when / then: as Kafka 4.4, the older epoch still commits what a kept (KIP-1251); a partition it gave up
        // and an epoch newer than its own are stale: STALE_MEMBER_EPOCH from v6, ILLEGAL_GENERATION before
        assertThat(txnCommit((short) 6, "a", 2, kept.get(0))).isEqualTo(Errors.NONE);
        assertThat(txnCommit((short) 6, "a", 2, givenUp)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(txnCommit((short) 5, "a", 2, givenUp)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(txnCommit((short) 6, "a", 4, kept.get(0))).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(txnCommit((short) 5, "a", 4, kept.get(0))).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(txnCommit((short) 6, "a", 3, givenUp)).as("the current epoch").isEqualTo(Errors.NONE);
        assertThat(txnCommit((short) 6, "x", 3, 0)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(txnCommit((short) 6, "", -1, 0)).as("no member, as a producer without group metadata")
                .isEqualTo(Errors.NONE);
    }

    @Test
    void shouldFenceMemberWhenItDoesNotRevokeWithinItsRebalanceTimeout() {
        // given a owns every partition, and b joins so a must give one up
        coordinator.finishLoading();
        beat("a", 0, null);
        beat("a", 2, List.of(0, 1, 2));
        beat("b", 0, null);
        assertThat(partitions(beat("a", 2, null))).hasSize(2);

        // when a keeps heartbeating but never acknowledges, past its rebalance timeout (30 s)
        scheduler.advance(20_000);
        assertThat(beat("a", 2, List.of(0, 1, 2)).errorCode()).isZero();
        assertThat(beat("b", 3, null).errorCode()).isZero();
        scheduler.advance(10_001);

        // then a is no longer a member, and b gets every partition at the next epoch
        assertThat(beat("a", 2, List.of(0, 1, 2)).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        ConsumerGroupHeartbeatResponseData b = beat("b", 3, null);
        assertThat(b.memberEpoch()).isEqualTo(4);
        assertThat(partitions(b)).containsExactly(0, 1, 2);
    }

    @Test
    void shouldKeepMemberWhenItRevokesWithinItsRebalanceTimeout() {
        // given a is asked to revoke a partition
        coordinator.finishLoading();
        beat("a", 0, null);
        beat("a", 2, List.of(0, 1, 2));
        beat("b", 0, null);
        List<Integer> kept = partitions(beat("a", 2, null));

        // when it acknowledges in time
        scheduler.advance(29_000);
        assertThat(beat("a", 2, kept).memberEpoch()).isEqualTo(3);
        scheduler.advance(10_000);

        // then the rebalance timeout does not fence it
        assertThat(beat("a", 3, kept).errorCode()).isZero();
        assertThat(describe().members()).hasSize(2);
    }

    @Test
    void shouldHandOverStaticMemberAssignmentWithoutRebalanceWhenNewIncarnationJoins() {
        // given a static member (instance "ia") and a dynamic one sharing the partitions at epoch 3
        coordinator.finishLoading();
        send(request("a1", 0, null).setInstanceId("ia"));
        send(request("a1", 2, List.of(0, 1, 2)).setInstanceId("ia"));
        beat("b", 0, null);
        List<Integer> kept = partitions(send(request("a1", 2, null).setInstanceId("ia")));
        assertThat(send(request("a1", 2, kept).setInstanceId("ia")).memberEpoch()).isEqualTo(3);
        List<Integer> bOwns = partitions(beat("b", 3, null));

        // when a second live member asks for the instance id, it is refused
        assertThat(send(request("a2", 0, null).setInstanceId("ia")).errorCode())
                .isEqualTo(Errors.UNRELEASED_INSTANCE_ID.code());

        // when a1 leaves as a static member and a2 takes over its instance id
        assertThat(lastAssignmentEpochs("a1").values()).allSatisfy(epochs -> assertThat(epochs.values())
                .as("kept partitions keep the epoch they were assigned at").containsOnly(2));
        ConsumerGroupHeartbeatResponseData left = send(request("a1", -2, null).setInstanceId("ia"));
        assertThat(left.errorCode()).isZero();
        assertThat(left.memberEpoch()).isEqualTo(-2);
        ConsumerGroupHeartbeatResponseData a2 = send(request("a2", 0, null).setInstanceId("ia"));
        // as Kafka 4.4 records them: a static member that left for now owns its partitions from epoch 0, and its
        // next incarnation takes them over with those epochs
        assertThat(lastAssignmentEpochs("a1").values()).allSatisfy(epochs -> assertThat(epochs.values()).containsOnly(0));
        assertThat(lastAssignmentEpochs("a2").values()).allSatisfy(epochs -> assertThat(epochs.values()).containsOnly(0));
        assertThat(lastAssignmentEpochs("a2")).isNotEmpty();

        // then a2 gets a1's partitions and epoch, and nobody else rebalances
        assertThat(a2.errorCode()).isZero();
        assertThat(a2.memberEpoch()).isEqualTo(3);
        assertThat(partitions(a2)).isEqualTo(kept);
        ConsumerGroupHeartbeatResponseData b = beat("b", 3, bOwns);
        assertThat(b.memberEpoch()).isEqualTo(3);
        assertThat(describe().groupEpoch()).isEqualTo(3);
        assertThat(describe().members()).extracting(ConsumerGroupDescribeResponseData.Member::memberId)
                .containsExactlyInAnyOrder("a2", "b");
        assertThat(send(request("a1", 3, kept).setInstanceId("ia")).errorCode())
                .isEqualTo(Errors.FENCED_INSTANCE_ID.code());

        // when a2 leaves as a static member and nobody comes back within the session timeout
        send(request("a2", -2, null).setInstanceId("ia"));
        scheduler.advance(30_000);
        beat("b", 3, bOwns);
        scheduler.advance(15_001);

        // then it is removed and b gets everything
        b = beat("b", 3, bOwns);
        assertThat(b.memberEpoch()).isEqualTo(4);
        assertThat(partitions(b)).containsExactly(0, 1, 2);
        assertThat(describe().members()).extracting(ConsumerGroupDescribeResponseData.Member::memberId)
                .containsExactly("b");
    }

    @Test
    void shouldRefuseNewMemberWhenGroupIsAtMaxSize() {
        // given
        config = config.withMaxSize(1);
        coordinator = newCoordinator();
        coordinator.finishLoading();
        assertThat(beat("a", 0, null).errorCode()).isZero();

        // when
        ConsumerGroupHeartbeatResponseData b = beat("b", 0, null);

        // then
        assertThat(b.errorCode()).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED.code());
        assertThat(beat("a", 0, null).errorCode()).as("a known member may rejoin").isZero();
    }

    @Test
    void shouldAssignTopicsMatchingRegexAndFollowCreatedAndDeletedTopics() {
        // given
        coordinator.finishLoading();
        Uuid ordersEu = topics.create("orders-eu", 2);
        topics.create("payments", 1);
        assertThat(send(request("a", 0, null).setSubscribedTopicNames(null).setSubscribedTopicRegex("("))
                .errorCode()).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION.code());

        // when a member subscribes to a regular expression
        ConsumerGroupHeartbeatResponseData a = send(request("a", 0, null).setSubscribedTopicNames(null)
                .setSubscribedTopicRegex("orders.*"));

        // then it gets the partitions of the matching topics only
        assertThat(a.errorCode()).isZero();
        assertThat(perTopic(a)).isEqualTo(Map.of(orders, 3, ordersEu, 2));
        assertThat(describe().members().get(0).subscribedTopicRegex()).isEqualTo("orders.*");

        // when a matching topic is created, the next heartbeat assigns it
        Uuid ordersUs = topics.create("orders-us", 1);
        a = beat("a", a.memberEpoch(), null);
        assertThat(a.memberEpoch()).isEqualTo(3);
        assertThat(perTopic(a)).isEqualTo(Map.of(orders, 3, ordersEu, 2, ordersUs, 1));

        // when a matching topic is deleted, the next heartbeat revokes its partitions
        topics.delete("orders-eu");
        a = beat("a", 3, null);
        assertThat(perTopic(a)).isEqualTo(Map.of(orders, 3, ordersUs, 1));
        a = send(request("a", 3, null).setTopicPartitions(List.of(
                new TopicPartitions().setTopicId(orders).setPartitions(List.of(0, 1, 2)),
                new TopicPartitions().setTopicId(ordersUs).setPartitions(List.of(0)))));
        assertThat(a.memberEpoch()).isEqualTo(4);

        // then a restarted coordinator resolves the expression again without a rebalance
        coordinator = newCoordinator();
        log.replayInto(coordinator);
        assertThat(describe().members().get(0).subscribedTopicRegex()).isEqualTo("orders.*");
        a = beat("a", 4, null);
        assertThat(a.errorCode()).isZero();
        assertThat(a.memberEpoch()).isEqualTo(4);
        assertThat(describe().groupEpoch()).isEqualTo(4);
    }

    @Test
    void shouldRecordMovedPartitionsWithUnownedTimeWhenMembersJoinLeaveAndTimeOut() {
        // given: a owns every partition
        coordinator.finishLoading();
        beat("a", 0, null);
        beat("a", 2, List.of(0, 1, 2));

        // when: b joins; a revokes one partition after 200 ms, which b takes 300 ms later
        beat("b", 0, null);
        List<Integer> kept = partitions(beat("a", 2, null));
        int moved = new TreeSet<>(List.of(0, 1, 2)).stream().filter(p -> !kept.contains(p)).findFirst().orElseThrow();
        scheduler.advance(200);
        beat("a", 2, kept);
        scheduler.advance(300);
        assertThat(partitions(beat("b", 3, List.of()))).containsExactly(moved);
        // ... b leaves, and a takes the partition back 100 ms later
        send(request("b", -1, null));
        scheduler.advance(100);
        assertThat(partitions(beat("a", 3, kept))).containsExactly(0, 1, 2);
        // ... and a is not heard from again
        scheduler.advance(45_001);

        // then
        List<io.lanes.coordinator.group.timeline.RebalanceEvent> events =
                new ArrayList<>(coordinator.timeline().group("g").events());
        java.util.Collections.reverse(events);
        assertThat(events).extracting(e -> e.kind().name()).containsSubsequence(
                "MEMBER_JOINED", "EPOCH_CHANGED", "PARTITIONS_MOVED", "MEMBER_JOINED", "EPOCH_CHANGED",
                "PARTITIONS_MOVED", "MEMBER_LEFT", "EPOCH_CHANGED", "PARTITIONS_MOVED", "MEMBER_TIMED_OUT",
                "EPOCH_CHANGED");
        List<io.lanes.coordinator.group.timeline.PartitionMove> moves = events.stream()
                .flatMap(e -> e.moves().stream()).toList();
        assertThat(moves).contains(
                new io.lanes.coordinator.group.timeline.PartitionMove("orders", 0, null, "a", -1),
                new io.lanes.coordinator.group.timeline.PartitionMove("orders", moved, "a", "b", 300),
                new io.lanes.coordinator.group.timeline.PartitionMove("orders", moved, "b", "a", 100));
        assertThat(events.get(events.size() - 2).memberId()).isEqualTo("a");
        assertThat(events.get(events.size() - 1).generation()).isEqualTo(5);
        assertThat(coordinator.timeline().group("g").rebalances()).isEqualTo(4);
    }
}
