package io.lanes.conformance.differential;

import io.lanes.conformance.java.GroupMember;
import io.lanes.conformance.java.GroupTesting;
import io.lanes.conformance.java.PartitionOwners;
import io.lanes.conformance.java.RawRequests;
import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.endOffsets;
import static io.lanes.conformance.java.Clients.topicName;

/**
 * Consumer groups as Admin and the group APIs report them, for both group protocols: describing
 * a group while its members consume and after they left (state, members, assignments, committed
 * offsets, lag), OffsetCommit errors (unknown member, wrong generation or epoch, unknown topic,
 * metadata too large), and deleting groups and committed offsets; and a streams group's first assignment under the
 * initial rebalance delay, with StreamsGroupHeartbeat and StreamsGroupDescribe v1.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GroupsDifferentialTest {

    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static BothBrokers brokers = bothWithGroupSettings();

    private static BothBrokers bothWithGroupSettings() {
        BothBrokers.Builder builder = BothBrokers.builder();
        GroupTesting.BROKER_CONFIG.forEach(builder::brokerConfig);
        return builder.build();
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    void shouldDescribeGroupOffsetsAndLagTheSameWayWhenMembersCommitThenLeave(GroupProtocol protocol) throws Exception {
        // given
        Scenario<Map<String, Object>> consumeCommitLeave = broker -> {
            Map<String, Object> observed = new LinkedHashMap<>();
            try (ActiveGroup group = ActiveGroup.start(broker, protocol, 2);
                 Admin admin = admin(broker)) {
                for (GroupMember member : group.members) {
                    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
                    member.owned().forEach(p -> offsets.put(p, new OffsetAndMetadata(7, "processed-p" + p.partition())));
                    member.commit(offsets);
                }
                observed.put("while consuming", describe(admin, group.id));
                observed.put("offsets while consuming", offsetsAndLag(admin, group));
                observed.put("authorized operations", GroupTesting.describe(admin, group.id, true).authorizedOperations());
                // which member owns what depends on member ids, which differ between runs
                group.ownerOf(new TopicPartition(group.topic, 0)).commitConsumed();
                observed.put("offsets after commitSync() by the owner of p0", offsetsAndLag(admin, group));
                TopicPartition unknown = new TopicPartition(topicName("missing"), 0);
                observed.put("offsets of an uncommitted partition and an unknown topic", Outcome.of(() ->
                        admin.listConsumerGroupOffsets(Map.of(group.id, new ListConsumerGroupOffsetsSpec().topicPartitions(
                                List.of(new TopicPartition(group.topic, 5), unknown))))
                                .partitionsToOffsetAndMetadata(group.id).get().entrySet().stream()
                                .collect(Collectors.toMap(e -> e.getKey().equals(unknown) ? "unknown" : "p5",
                                        e -> String.valueOf(e.getValue()), (a, b) -> a, TreeMap::new))));
                group.leave();
                observed.put("after leaving", describe(admin, group.id));
                observed.put("offsets after leaving", offsetsAndLag(admin, group));
                observed.put("listed after leaving", listed(admin, group.id));
            }
            return observed;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(consumeCommitLeave);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldDelayTheFirstStreamsAssignmentAndDescribeTheStreamsGroupAlikeWhenAMemberJoinsWithVersion1() throws Exception {
        // given
        Scenario<Map<String, Object>> join = new StreamsGroupJoinScenario();

        // when
        Observations<Map<String, Object>> observed = brokers.observe(join);

        // then
        observed.assertLanesMatchesKafka();
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    void shouldAnswerOffsetCommitsWithTheSameErrorsWhenMemberGenerationTopicOrMetadataIsWrong(GroupProtocol protocol)
            throws Exception {
        // given
        Scenario<Map<String, Object>> wrongCommits = broker -> {
            Map<String, Object> observed = new LinkedHashMap<>();
            try (ActiveGroup group = ActiveGroup.start(broker, protocol, 1);
                 Admin admin = admin(broker)) {
                ConsumerGroupMetadata member = group.members.get(0).groupMetadata();
                String memberId = member.memberId();
                int generation = member.generationId();
                String topic = group.topic;
                observed.put("current member and generation", commit(broker, group.id, memberId, generation, topic, 0, ""));
                observed.put("unknown member", commit(broker, group.id, "no-such-member", generation, topic, 0, ""));
                observed.put("generation + 1", commit(broker, group.id, memberId, generation + 1, topic, 0, ""));
                observed.put("generation - 1", commit(broker, group.id, memberId, generation - 1, topic, 0, ""));
                observed.put("no member, no generation", commit(broker, group.id, "", -1, topic, 0, ""));
                observed.put("unknown topic", commit(broker, group.id, memberId, generation, topicName("missing"), 0, ""));
                observed.put("partition 7 of 3", commit(broker, group.id, memberId, generation, topic, 7, ""));
                observed.put("metadata of 4096 bytes", commit(broker, group.id, memberId, generation, topic, 0, "m".repeat(4096)));
                observed.put("metadata of 4097 bytes", commit(broker, group.id, memberId, generation, topic, 0, "m".repeat(4097)));
                String unknownGroup = topicName("unknown-group");
                observed.put("unknown group with member and generation", commit(broker, unknownGroup, "someone", 3, topic, 0, ""));
                observed.put("consumer commits metadata of 4097 bytes", Outcome.ofAction(() -> group.members.get(0).commit(
                        Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1, "m".repeat(4097))))));
                observed.put("admin alters offsets of the active group", Outcome.ofAction(() -> admin.alterConsumerGroupOffsets(
                        group.id, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2))).all().get()));
                observed.put("committed", committed(admin, group.id));
                group.leave();
                observed.put("admin alters offsets of the empty group", Outcome.ofAction(() -> admin.alterConsumerGroupOffsets(
                        group.id, Map.of(new TopicPartition(topic, 1), new OffsetAndMetadata(3))).all().get()));
                observed.put("admin alters offsets of an unknown topic", Outcome.ofAction(() -> admin.alterConsumerGroupOffsets(
                        group.id, Map.of(new TopicPartition(topicName("missing"), 0), new OffsetAndMetadata(3))).all().get()));
                observed.put("committed after leaving", committed(admin, group.id));
            }
            return observed;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(wrongCommits);

        // then
        observed.assertLanesMatchesKafka();
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    void shouldDeleteGroupsTheSameWayWhenGroupIsActiveEmptyOrMissing(GroupProtocol protocol) throws Exception {
        // given
        Scenario<Map<String, Object>> deletes = broker -> {
            Map<String, Object> observed = new LinkedHashMap<>();
            try (ActiveGroup group = ActiveGroup.start(broker, protocol, 1);
                 Admin admin = admin(broker)) {
                group.members.get(0).commit(Map.of(new TopicPartition(group.topic, 0), new OffsetAndMetadata(4)));
                observed.put("delete active group", Outcome.ofAction(() -> admin.deleteConsumerGroups(List.of(group.id)).all().get()));
                observed.put("delete missing group", Outcome.ofAction(() ->
                        admin.deleteConsumerGroups(List.of(topicName("missing-group"))).all().get()));
                group.leave();
                observed.put("delete empty group", Outcome.ofAction(() -> admin.deleteConsumerGroups(List.of(group.id)).all().get()));
                observed.put("describe deleted group", Outcome.of(() -> describe(admin, group.id)));
                observed.put("committed in deleted group", Outcome.of(() -> committed(admin, group.id)));
                observed.put("listed after deleting", listed(admin, group.id));
                observed.put("delete deleted group", Outcome.ofAction(() -> admin.deleteConsumerGroups(List.of(group.id)).all().get()));
            }
            return observed;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(deletes);

        // then
        observed.assertLanesMatchesKafka();
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    void shouldDeleteCommittedOffsetsTheSameWayWhenGroupIsSubscribedEmptyOrMissing(GroupProtocol protocol)
            throws Exception {
        // given
        Scenario<Map<String, Object>> offsetDeletes = broker -> {
            Map<String, Object> observed = new LinkedHashMap<>();
            try (ActiveGroup group = ActiveGroup.start(broker, protocol, 1);
                 Admin admin = admin(broker)) {
                TopicPartition p0 = new TopicPartition(group.topic, 0);
                TopicPartition p1 = new TopicPartition(group.topic, 1);
                group.members.get(0).commit(Map.of(p0, new OffsetAndMetadata(4), p1, new OffsetAndMetadata(5)));
                observed.put("delete while subscribed", Outcome.ofAction(() ->
                        admin.deleteConsumerGroupOffsets(group.id, Set.of(p0)).all().get()));
                group.leave();
                observed.put("delete after leaving", Outcome.ofAction(() ->
                        admin.deleteConsumerGroupOffsets(group.id, Set.of(p0)).all().get()));
                observed.put("committed after deleting p0", committed(admin, group.id));
                observed.put("delete uncommitted partition", Outcome.ofAction(() ->
                        admin.deleteConsumerGroupOffsets(group.id, Set.of(new TopicPartition(group.topic, 2))).all().get()));
                observed.put("delete unknown topic", Outcome.ofAction(() -> admin.deleteConsumerGroupOffsets(group.id,
                        Set.of(new TopicPartition(topicName("missing"), 0))).all().get()));
                observed.put("delete in missing group", Outcome.ofAction(() ->
                        admin.deleteConsumerGroupOffsets(topicName("missing-group"), Set.of(p1)).all().get()));
                observed.put("committed at the end", committed(admin, group.id));
            }
            return observed;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(offsetDeletes);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldListGroupsTheSameWayWhenOnlyOffsetsWereCommitted() throws Exception {
        // given: a group no member ever joined, created by an Admin commit (a "simple" group)
        Scenario<Map<String, Object>> simpleGroup = broker -> {
            Map<String, Object> observed = new LinkedHashMap<>();
            String topic = topicName("simple");
            String group = topicName("simple-group");
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, PARTITIONS);
                admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 1), new OffsetAndMetadata(0)))
                        .all().get();
                observed.put("describe", describe(admin, group));
                observed.put("listed", listed(admin, group));
                observed.put("committed", committed(admin, group));
            }
            return observed;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(simpleGroup);

        // then
        observed.assertLanesMatchesKafka();
    }

    /** A raw OffsetCommit of offset 1 to one partition; the partition's error. */
    private static String commit(BrokerUnderTest broker, String group, String memberId, int generation,
                                 String topic, int partition, String metadata) throws Exception {
        OffsetCommitRequestData data = new OffsetCommitRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setGenerationIdOrMemberEpoch(generation)
                .setTopics(List.of(new OffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                        new OffsetCommitRequestPartition().setPartitionIndex(partition)
                                .setCommittedOffset(1).setCommittedMetadata(metadata)))));
        try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
            // v10 names topics by id; v9 is the last by name and the first that knows member epochs
            short version = (short) Math.min(9, connection.version(ApiKeys.OFFSET_COMMIT));
            OffsetCommitResponse response = (OffsetCommitResponse) connection.send(
                    OffsetCommitRequest.Builder.forTopicNames(data).build(version));
            return "v" + version + " " + Errors.forCode(response.data().topics().get(0).partitions().get(0).errorCode()).name();
        }
    }

    /** What describeConsumerGroups says, without ids, hosts and epochs. */
    private static Map<String, Object> describe(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = GroupTesting.describe(admin, group);
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("state", description.groupState());
        observed.put("type", description.type());
        observed.put("simple", description.isSimpleConsumerGroup());
        observed.put("assignor", description.partitionAssignor());
        observed.put("members", description.members().size());
        observed.put("assignment sizes", description.members().stream()
                .map(m -> m.assignment().topicPartitions().size()).sorted().toList());
        observed.put("target assignment sizes", description.members().stream()
                .map(MemberDescription::targetAssignment)
                .map(t -> t.map(a -> a.topicPartitions().size()).orElse(-1)).sorted().toList());
        observed.put("group epoch present", description.groupEpoch().isPresent());
        observed.put("coordinator is the broker", description.coordinator() != null
                && admin.describeCluster().nodes().get().contains(description.coordinator()));
        return observed;
    }

    /** Committed offset, metadata and lag per partition number. */
    private static Map<Integer, String> offsetsAndLag(Admin admin, ActiveGroup group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group.id).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> ends = endOffsets(admin, GroupTesting.partitions(group.topic, PARTITIONS));
        Map<Integer, String> observed = new TreeMap<>();
        committed.forEach((partition, offset) -> observed.put(partition.partition(), "offset=" + offset.offset()
                + " metadata=" + offset.metadata() + " leaderEpoch=" + offset.leaderEpoch()
                + " lag=" + (ends.get(partition) - offset.offset())));
        return observed;
    }

    /** Committed offsets by partition number (topic names differ between runs). */
    private static Map<String, String> committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .collect(Collectors.toMap(e -> "p" + e.getKey().partition(),
                        e -> e.getValue() == null ? "null" : e.getValue().offset() + " " + metadata(e.getValue()),
                        (a, b) -> a, TreeMap::new));
    }

    /** Short metadata as it is, long metadata by its length. */
    private static String metadata(OffsetAndMetadata offset) {
        String metadata = offset.metadata();
        return metadata.length() <= 20 ? "'" + metadata + "'" : metadata.length() + " characters";
    }

    /** How listGroups shows the group, or "not listed". */
    private static String listed(Admin admin, String group) throws Exception {
        return admin.listGroups(new ListGroupsOptions()).all().get().stream()
                .filter(g -> g.groupId().equals(group))
                .map(GroupsDifferentialTest::listing)
                .findFirst().orElse("not listed");
    }

    private static String listing(GroupListing listing) {
        return "type=" + listing.type().orElse(null) + " protocol=" + listing.protocol()
                + " state=" + listing.groupState().orElse(null) + " simple=" + listing.isSimpleConsumerGroup();
    }

    /**
     * A group of members subscribed to a fresh topic with {@value #PER_PARTITION} records in each
     * of its {@value #PARTITIONS} partitions, polled until stable and every record was read.
     */
    private static final class ActiveGroup implements AutoCloseable {
        final String topic = topicName("group-topic");
        final String id = topicName("group");
        final List<GroupMember> members = new ArrayList<>();
        private boolean left;

        static ActiveGroup start(BrokerUnderTest broker, GroupProtocol protocol, int size) throws Exception {
            ActiveGroup group = new ActiveGroup();
            try (Admin admin = admin(broker)) {
                createTopic(admin, group.topic, PARTITIONS);
                PartitionOwners owners = new PartitionOwners();
                for (int i = 0; i < size; i++) {
                    group.members.add(GroupMember.subscribe("m" + i, broker, protocol, group.id, group.topic, owners,
                            false, Map.of()));
                }
                GroupMember.pollAll(group.members, () -> group.stable(admin), TIMEOUT, "a stable group");
                // produced once the group is stable: without commits, a rebalance would deliver records twice
                GroupTesting.produceKeyed(broker, group.topic, PARTITIONS, PER_PARTITION, "v");
                GroupMember.pollAll(group.members, () -> group.received() == PARTITIONS * PER_PARTITION, TIMEOUT,
                        "every record");
            } catch (Exception | AssertionError e) {
                group.close();
                throw e;
            }
            return group;
        }

        private boolean stable(Admin admin) {
            try {
                return GroupTesting.stableWith(members.size()).test(GroupTesting.describe(admin, id))
                        && members.stream().mapToInt(m -> m.owned().size()).sum() == PARTITIONS;
            } catch (Exception e) {
                return false;
            }
        }

        GroupMember ownerOf(TopicPartition partition) {
            return members.stream().filter(m -> m.owned().contains(partition)).findFirst().orElseThrow();
        }

        private int received() {
            return members.stream().mapToInt(m -> m.received().size()).sum();
        }

        /** Every member leaves the group. */
        void leave() {
            if (!left) {
                left = true;
                members.forEach(GroupMember::close);
            }
        }

        @Override
        public void close() {
            leave();
        }
    }
}
