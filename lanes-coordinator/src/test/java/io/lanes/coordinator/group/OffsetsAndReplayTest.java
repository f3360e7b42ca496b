package io.lanes.coordinator.group;

import io.lanes.coordinator.group.offsets.CommittedOffset;
import io.lanes.coordinator.group.records.GroupMetadataValue;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Offsets, records and replay, and the admin APIs. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OffsetsAndReplayTest {
    private final GroupFixture f = GroupFixture.started();

    @Test
    void shouldAnswerUnstableForAPendingPartitionWhenAllOffsetsAreFetchedRequiringStable() {
        // given: orders-0 and orders-1 committed, then a transaction commits orders-1 and is still open
        commit("g", "", -1, "orders", 0, 10, null);
        commit("g", "", -1, "orders", 1, 20, null);
        f.coordinator.commitTransactionalOffsets((short) 5, new TxnOffsetCommitRequestData()
                .setTransactionalId("txn").setGroupId("g").setProducerId(7).setProducerEpoch((short) 0)
                .setGenerationIdOrMemberEpoch(-1).setMemberId("")
                .setTopics(List.of(new TxnOffsetCommitRequestTopic().setName("orders").setPartitions(List.of(
                        new TxnOffsetCommitRequestPartition().setPartitionIndex(1).setCommittedOffset(25)
                                .setCommittedLeaderEpoch(-1)))))).join();

        // when
        List<OffsetFetchResponsePartitions> stable = f.coordinator.fetchOffsets(
                new OffsetFetchRequestGroup().setGroupId("g").setTopics(null), false, true)
                .topics().get(0).partitions();

        // then: as Kafka, the pending partition is listed as unstable without its offset, the other as committed
        assertThat(stable).extracting(OffsetFetchResponsePartitions::partitionIndex,
                        OffsetFetchResponsePartitions::committedOffset, p -> Errors.forCode(p.errorCode()))
                .containsExactlyInAnyOrder(tuple(0, 10L, Errors.NONE),
                        tuple(1, -1L, Errors.UNSTABLE_OFFSET_COMMIT));
        assertThat(fetch(f, "g", "orders", 1).committedOffset()).as("without requireStable").isEqualTo(20);
    }

    private Errors commit(String group, String memberId, int generation, String topic, int partition, long offset,
                          String metadata) {
        OffsetCommitRequestData request = new OffsetCommitRequestData()
                .setGroupId(group).setMemberId(memberId).setGenerationIdOrMemberEpoch(generation)
                .setTopics(List.of(new OffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                        new OffsetCommitRequestPartition().setPartitionIndex(partition).setCommittedOffset(offset)
                                .setCommittedMetadata(metadata)))));
        return Errors.forCode(f.coordinator.commitOffsets(GroupFixture.info((short) 9), request).join()
                .topics().get(0).partitions().get(0).errorCode());
    }

    private static OffsetFetchResponsePartitions fetch(GroupFixture fixture, String group, String topic, int partition) {
        return fixture.coordinator.fetchOffsets(new OffsetFetchRequestGroup().setGroupId(group).setTopics(null), false, false)
                .topics().stream().filter(t -> t.name().equals(topic)).flatMap(t -> t.partitions().stream())
                .filter(p -> p.partitionIndex() == partition).findFirst().orElse(null);
    }

    private JoinGroupResponseData stableMember(String group) {
        CompletableFuture<JoinGroupResponseData> join = f.joinNew(group);
        JoinGroupResponseData joined = join.join();
        f.sync(group, joined.memberId(), joined.generationId(), Map.of()).join();
        return joined;
    }

    @Test
    void shouldRoundTripEveryRecordTypeWhenSerialized() {
        // given
        CommittedOffset offset = new CommittedOffset(42, 3, "state", 1000, -1);
        GroupMetadataValue group = new GroupMetadataValue("consumer", 5, "range", "m1", 2000, List.of(
                new GroupMetadataValue.Member("m1", "i1", "client", "/1.2.3.4", 300, 100, new byte[]{1}, new byte[]{2})));

        // when
        CoordinatorRecord offsetRecord = GroupRecords.offset("g", new TopicPartition("t", 1), offset);
        CoordinatorRecord groupRecord = GroupRecords.groupMetadata("g", group);

        // then
        assertThat(GroupRecords.decodeKey(offsetRecord.key()).groupId()).isEqualTo("g");
        assertThat(GroupRecords.decodeOffset(offsetRecord.value())).isEqualTo(offset);
        GroupMetadataValue decoded = GroupRecords.decodeGroupMetadata(groupRecord.value());
        assertThat(decoded.generation()).isEqualTo(5);
        assertThat(decoded.members().get(0).groupInstanceId()).isEqualTo("i1");
        assertThat(decoded.members().get(0).assignment()).containsExactly(2);
        assertThat(GroupRecords.groupTombstone("g").isTombstone()).isTrue();
    }

    @Test
    void shouldCreateSimpleGroupWhenCommitHasNoGeneration() {
        // when
        Errors error = commit("simple", "", -1, "orders", 0, 10, "meta");

        // then
        assertThat(error).isEqualTo(Errors.NONE);
        assertThat(fetch(f, "simple", "orders", 0).committedOffset()).isEqualTo(10);
        assertThat(fetch(f, "simple", "orders", 0).metadata()).isEqualTo("meta");
        assertThat(f.state("simple")).isEqualTo("Empty");
    }

    @Test
    void shouldValidateGenerationAndMemberWhenGroupIsActive() {
        // given
        JoinGroupResponseData member = stableMember("g");

        // then
        assertThat(commit("g", member.memberId(), 1, "orders", 0, 5, null)).isEqualTo(Errors.NONE);
        assertThat(commit("g", member.memberId(), 2, "orders", 0, 5, null)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(commit("g", "stranger", 1, "orders", 0, 5, null)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commit("g", "", -1, "orders", 0, 5, null)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commit("g", member.memberId(), 1, "missing", 0, 5, null)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(commit("g", member.memberId(), 1, "orders", 0, 5, "x".repeat(4097)))
                .isEqualTo(Errors.OFFSET_METADATA_TOO_LARGE);
        assertThat(commit("g", member.memberId(), 1, "orders", 0, 5, "x".repeat(4096))).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldAnswerRebalanceInProgressWhenCommitDuringCompletingRebalance() {
        // given
        JoinGroupResponseData joined = f.joinNew("g").join();

        // when
        Errors error = commit("g", joined.memberId(), joined.generationId(), "orders", 0, 1, null);

        // then
        assertThat(error).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void shouldRestoreOffsetsAndStableGroupWhenReplayed() {
        // given
        JoinGroupResponseData member = stableMember("g");
        commit("g", member.memberId(), 1, "orders", 2, 77, "m");
        commit("simple", "", -1, "audit", 0, 3, null);
        commit("simple", "", -1, "audit", 0, 4, null);

        // when
        GroupFixture restarted = f.restarted();

        // then
        assertThat(fetch(restarted, "g", "orders", 2).committedOffset()).isEqualTo(77);
        assertThat(fetch(restarted, "simple", "audit", 0).committedOffset()).isEqualTo(4);
        assertThat(restarted.state("g")).isEqualTo("Stable");
        assertThat(restarted.heartbeat("g", member.memberId(), null, 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldForgetDeletedGroupWhenReplayed() {
        // given
        commit("gone", "", -1, "orders", 0, 1, null);
        Errors deleted = Errors.forCode(f.coordinator.deleteGroups(new DeleteGroupsRequestData()
                .setGroupsNames(List.of("gone"))).join().results().find("gone").errorCode());

        // when
        GroupFixture restarted = f.restarted();

        // then
        assertThat(deleted).isEqualTo(Errors.NONE);
        assertThat(fetch(restarted, "gone", "orders", 0)).isNull();
        assertThat(restarted.state("gone")).isEqualTo("Dead");
    }

    @Test
    void shouldRefuseToDeleteGroupWhenItHasMembers() {
        // given
        stableMember("busy");

        // when
        Errors error = Errors.forCode(f.coordinator.deleteGroups(new DeleteGroupsRequestData()
                .setGroupsNames(List.of("busy", "unknown"))).join().results().find("busy").errorCode());

        // then
        assertThat(error).isEqualTo(Errors.NON_EMPTY_GROUP);
    }

    @Test
    void shouldRefuseOffsetDeleteWhenActiveGroupSubscribesToTopic() {
        // given
        JoinGroupResponseData member = stableMember("g");
        commit("g", member.memberId(), 1, "orders", 0, 1, null);
        commit("g", member.memberId(), 1, "audit", 0, 1, null);
        OffsetDeleteRequestTopicCollection topics = new OffsetDeleteRequestTopicCollection();
        topics.add(new OffsetDeleteRequestTopic().setName("orders").setPartitions(List.of(
                new OffsetDeleteRequestPartition().setPartitionIndex(0))));
        topics.add(new OffsetDeleteRequestTopic().setName("audit").setPartitions(List.of(
                new OffsetDeleteRequestPartition().setPartitionIndex(0))));

        // when
        var response = f.coordinator.deleteOffsets(new OffsetDeleteRequestData().setGroupId("g").setTopics(topics)).join();

        // then
        assertThat(Errors.forCode(response.topics().find("orders").partitions().find(0).errorCode()))
                .isEqualTo(Errors.GROUP_SUBSCRIBED_TO_TOPIC);
        assertThat(Errors.forCode(response.topics().find("audit").partitions().find(0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(fetch(f, "g", "audit", 0)).isNull();
        assertThat(fetch(f, "g", "orders", 0).committedOffset()).isEqualTo(1);
    }

    @Test
    void shouldListGroupsFilteredByStateAndType() {
        // given
        stableMember("active");
        commit("idle", "", -1, "orders", 0, 1, null);

        // when
        List<ListedGroup> stable = f.coordinator.listGroups(new ListGroupsRequestData()
                .setStatesFilter(List.of("stable"))).groups();
        List<ListedGroup> consumerType = f.coordinator.listGroups(new ListGroupsRequestData()
                .setTypesFilter(List.of("consumer"))).groups();
        List<ListedGroup> all = f.coordinator.listGroups(new ListGroupsRequestData().setTypesFilter(List.of("Classic"))).groups();

        // then
        assertThat(stable).extracting(ListedGroup::groupId).containsExactly("active");
        assertThat(consumerType).isEmpty();
        assertThat(all).extracting(ListedGroup::groupId).containsExactlyInAnyOrder("active", "idle");
    }

    @Test
    void shouldExpireOffsetsAndDeleteGroupWhenEmptyForRetentionPeriod() {
        // given
        commit("old", "", -1, "orders", 0, 1, null);
        JoinGroupResponseData member = stableMember("live");
        commit("live", member.memberId(), 1, "orders", 0, 9, null);

        // when
        f.scheduler.advance(f.config.offsetsRetentionMs() / 2);
        f.heartbeat("live", member.memberId(), null, 1);
        f.scheduler.advance(f.config.offsetsRetentionMs() / 2 + f.config.retentionCheckIntervalMs());

        // then
        assertThat(fetch(f, "old", "orders", 0)).isNull();
        assertThat(f.state("old")).isEqualTo("Dead");
        assertThat(fetch(f.restarted(), "old", "orders", 0)).isNull();
    }
}
