package io.lanes.coordinator.group;

import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
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
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** KIP-848 consumer groups in the coordinator: epochs, revoke-before-assign, errors, timeouts, replay. */
class ConsumerGroupCoordinatorTest {
    private static final Uuid ORDERS = Uuid.randomUuid();

    private final ManualScheduler scheduler = new ManualScheduler();
    private final MemoryLog log = new MemoryLog();
    private GroupCoordinator coordinator = newCoordinator();

    private GroupCoordinator newCoordinator() {
        return new GroupCoordinator(GroupConfig.defaults().withNumPartitions(3),
                new ConsumerGroupConfig(1000, 45000, List.of("uniform", "range")), log, scheduler, new TopicLookup() {
            @Override
            public int partitionCount(String topic) {
                return topic.equals("orders") ? 3 : -1;
            }

            @Override
            public String topicName(Uuid topicId) {
                return ORDERS.equals(topicId) ? "orders" : null;
            }

            @Override
            public Uuid topicId(String topic) {
                return topic.equals("orders") ? ORDERS : Uuid.ZERO_UUID;
            }
        });
    }

    private ConsumerGroupHeartbeatResponseData beat(String memberId, int epoch, List<Integer> owned) {
        ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId(memberId).setMemberEpoch(epoch)
                .setTopicPartitions(owned == null ? null : List.of(new TopicPartitions().setTopicId(ORDERS)
                        .setPartitions(new ArrayList<>(owned))));
        if (epoch == 0) {
            request.setRebalanceTimeoutMs(30000).setSubscribedTopicNames(List.of("orders"))
                    .setTopicPartitions(List.of());
        }
        return coordinator.consumerGroupHeartbeat(GroupFixture.info(ApiKeys.CONSUMER_GROUP_HEARTBEAT), request).join();
    }

    private static List<Integer> partitions(ConsumerGroupHeartbeatResponseData response) {
        assertThat(response.assignment()).isNotNull();
        TreeSet<Integer> out = new TreeSet<>();
        response.assignment().topicPartitions().forEach(tp -> out.addAll(tp.partitions()));
        return new ArrayList<>(out);
    }

    private Errors commit(String memberId, int epoch) {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId("g").setMemberId(memberId)
                .setGenerationIdOrMemberEpoch(epoch).setTopics(List.of(new OffsetCommitRequestTopic().setName("orders")
                        .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(5)))));
        return Errors.forCode(coordinator.commitOffsets(GroupFixture.info((short) 9), request).join()
                .topics().get(0).partitions().get(0).errorCode());
    }

    @Test
    void shouldRevokeBeforeAssigningWhenSecondMemberJoins() {
        coordinator.finishLoading();
        ConsumerGroupHeartbeatResponseData a = beat("a", 0, null);
        assertThat(a.errorCode()).isZero();
        assertThat(a.memberEpoch()).isEqualTo(1);
        assertThat(a.heartbeatIntervalMs()).isEqualTo(1000);
        assertThat(partitions(a)).containsExactly(0, 1, 2);
        assertThat(beat("a", 1, List.of(0, 1, 2)).memberEpoch()).isEqualTo(1);

        // b joins: nothing is free yet
        ConsumerGroupHeartbeatResponseData b = beat("b", 0, null);
        assertThat(b.memberEpoch()).isEqualTo(2);
        assertThat(partitions(b)).isEmpty();
        // a is asked to revoke, keeping its epoch
        ConsumerGroupHeartbeatResponseData revoke = beat("a", 1, null);
        assertThat(revoke.memberEpoch()).isEqualTo(1);
        List<Integer> kept = partitions(revoke);
        assertThat(kept).hasSize(2);
        assertThat(commit("a", 1)).isEqualTo(Errors.NONE);
        // b still waits while a has not acknowledged
        assertThat(beat("b", 2, null).assignment()).isNull();
        // a acknowledges: it moves to epoch 2, b gets the released partition
        assertThat(beat("a", 1, kept).memberEpoch()).isEqualTo(2);
        ConsumerGroupHeartbeatResponseData released = beat("b", 2, null);
        assertThat(partitions(released)).hasSize(1).doesNotContainAnyElementsOf(kept);
        assertThat(commit("a", 1)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(commit("x", 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(beat("a", 5, kept).errorCode()).isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
        assertThat(beat("zzz", 3, null).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(coordinator.listGroups(new ListGroupsRequestData()).groups().get(0).groupType()).isEqualTo("consumer");

        // a restarted coordinator replays the same group
        coordinator = newCoordinator();
        log.replayInto(coordinator);
        ConsumerGroupDescribeResponseData.DescribedGroup described = coordinator.consumerGroupDescribe(
                GroupFixture.info(ApiKeys.CONSUMER_GROUP_DESCRIBE),
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g"))).groups().get(0);
        assertThat(described.errorCode()).isZero();
        assertThat(described.groupEpoch()).isEqualTo(2);
        assertThat(described.assignorName()).isEqualTo("uniform");
        assertThat(described.members()).extracting(ConsumerGroupDescribeResponseData.Member::memberEpoch)
                .containsExactlyInAnyOrder(2, 2);
        assertThat(beat("b", 2, null).errorCode()).isZero();

        // b leaves; a times out after the session timeout
        ConsumerGroupHeartbeatResponseData left = beat("b", -1, null);
        assertThat(left.memberEpoch()).isEqualTo(-1);
        scheduler.advance(46_000);
        described = coordinator.consumerGroupDescribe(GroupFixture.info(ApiKeys.CONSUMER_GROUP_DESCRIBE),
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g"))).groups().get(0);
        assertThat(described.groupState()).isEqualTo("Empty");
        assertThat(described.members()).isEmpty();
    }
}
