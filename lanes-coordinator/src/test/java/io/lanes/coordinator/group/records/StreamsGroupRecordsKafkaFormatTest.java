package io.lanes.coordinator.group.records;

import io.lanes.coordinator.group.records.StreamsGroupRecords.Tasks;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.StreamsGroupCurrentMemberAssignmentKey;
import org.apache.kafka.coordinator.group.generated.StreamsGroupCurrentMemberAssignmentValue;
import org.apache.kafka.coordinator.group.generated.StreamsGroupMemberMetadataKey;
import org.apache.kafka.coordinator.group.generated.StreamsGroupMemberMetadataValue;
import org.apache.kafka.coordinator.group.generated.StreamsGroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.StreamsGroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.StreamsGroupTargetAssignmentMemberKey;
import org.apache.kafka.coordinator.group.generated.StreamsGroupTargetAssignmentMemberValue;
import org.apache.kafka.coordinator.group.generated.StreamsGroupTargetAssignmentMetadataKey;
import org.apache.kafka.coordinator.group.generated.StreamsGroupTargetAssignmentMetadataValue;
import org.apache.kafka.coordinator.group.generated.StreamsGroupTopologyKey;
import org.apache.kafka.coordinator.group.generated.StreamsGroupTopologyValue;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StreamsGroupRecords} against Kafka's generated streams group record classes and serde (the version the
 * build pins): the bytes Lanes writes are the bytes Kafka writes for the same state, Kafka's serde reads them, and
 * Lanes reads Kafka's bytes back.
 */
class StreamsGroupRecordsKafkaFormatTest {
    private static final Tasks TASKS = Tasks.of(Map.of("0", List.of(2, 0), "1", List.of(1)), Map.of("1", List.of(3)),
            Map.of());
    private final GroupCoordinatorRecordSerde kafka = new GroupCoordinatorRecordSerde();

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private void assertKafkasRecord(CoordinatorRecord record, ApiMessage key, ApiMessage value) {
        assertThat(bytes(record.key())).isEqualTo(MessageUtil.toCoordinatorTypePrefixedBytes(key));
        var read = kafka.deserialize(record.key().duplicate(), record.value() == null ? null : record.value().duplicate());
        assertThat(read.key()).isEqualTo(key);
        if (value == null) {
            assertThat(record.value()).isNull();
        } else {
            assertThat(bytes(record.value())).isEqualTo(MessageUtil.toVersionPrefixedBytes((short) 0, value));
            assertThat(read.value()).isEqualTo(new ApiMessageAndVersion(value, (short) 0));
        }
    }

    private static ByteBuffer kafkaValue(ApiMessage value) {
        return ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes((short) 0, value));
    }

    @Test
    void shouldWriteKafkasStreamsGroupMetadataWhenTheEpochIsBumped() {
        // when
        CoordinatorRecord record = StreamsGroupRecords.groupEpoch("app", new StreamsGroupRecords.Epoch(7, 99L, -1));

        // then
        StreamsGroupMetadataValue value = new StreamsGroupMetadataValue().setEpoch(7).setMetadataHash(99L);
        assertKafkasRecord(record, new StreamsGroupMetadataKey().setGroupId("app"), value);
        assertThat(StreamsGroupRecords.decodeGroupEpoch(kafkaValue(value)))
                .isEqualTo(new StreamsGroupRecords.Epoch(7, 99L, -1));
    }

    @Test
    void shouldKeepTheValidatedTopologyEpochInATagKafkasReaderSkipsWhenTheTopologyIsValid() {
        // when
        CoordinatorRecord record = StreamsGroupRecords.groupEpoch("app", new StreamsGroupRecords.Epoch(3, 5L, 2));

        // then
        StreamsGroupMetadataValue read = (StreamsGroupMetadataValue) kafka.deserialize(record.key().duplicate(),
                record.value().duplicate()).value().message();
        assertThat(read.epoch()).isEqualTo(3);
        assertThat(read.metadataHash()).isEqualTo(5L);
        assertThat(StreamsGroupRecords.decodeGroupEpoch(record.value())).isEqualTo(new StreamsGroupRecords.Epoch(3, 5L, 2));
    }

    @Test
    void shouldWriteKafkasMemberMetadataWhenAMemberJoins() {
        // given
        StreamsGroupRecords.Member member = new StreamsGroupRecords.Member("instance-1", "rack-a", "client", "/10.0.0.1",
                30000, 4, "process-1", new StreamsGroupRecords.Endpoint("host", 8080),
                new TreeMap<>(Map.of("zone", "eu")));

        // when
        CoordinatorRecord record = StreamsGroupRecords.member("app", "m1", member);

        // then
        StreamsGroupMemberMetadataValue value = new StreamsGroupMemberMetadataValue().setInstanceId("instance-1")
                .setRackId("rack-a").setClientId("client").setClientHost("/10.0.0.1").setRebalanceTimeoutMs(30000)
                .setTopologyEpoch(4).setProcessId("process-1")
                .setUserEndpoint(new StreamsGroupMemberMetadataValue.Endpoint().setHost("host").setPort(8080))
                .setClientTags(List.of(new StreamsGroupMemberMetadataValue.KeyValue().setKey("zone").setValue("eu")));
        assertKafkasRecord(record, new StreamsGroupMemberMetadataKey().setGroupId("app").setMemberId("m1"), value);
        assertThat(StreamsGroupRecords.decodeMember(kafkaValue(value))).isEqualTo(member);
    }

    @Test
    void shouldWriteANullEndpointAsKafkaDoesWhenTheMemberHasNone() {
        // given
        StreamsGroupRecords.Member member = new StreamsGroupRecords.Member(null, null, "c", "h", -1, 0, "p", null,
                new TreeMap<>());

        // when
        CoordinatorRecord record = StreamsGroupRecords.member("app", "m1", member);

        // then
        assertKafkasRecord(record, new StreamsGroupMemberMetadataKey().setGroupId("app").setMemberId("m1"),
                new StreamsGroupMemberMetadataValue().setInstanceId(null).setRackId(null).setClientId("c").setClientHost("h").setRebalanceTimeoutMs(-1)
                        .setProcessId("p").setUserEndpoint(null).setClientTags(List.of()));
        assertThat(StreamsGroupRecords.decodeMember(record.value())).isEqualTo(member);
    }

    @Test
    void shouldWriteKafkasTopologyWhenTheFirstMemberInitialisesIt() {
        // given
        StreamsGroupHeartbeatRequestData.Topology topology = new StreamsGroupHeartbeatRequestData.Topology().setEpoch(2)
                .setSubtopologies(List.of(new StreamsGroupHeartbeatRequestData.Subtopology().setSubtopologyId("0")
                        .setSourceTopics(List.of("orders")).setRepartitionSinkTopics(List.of("app-rep"))
                        .setStateChangelogTopics(List.of(new StreamsGroupHeartbeatRequestData.TopicInfo()
                                .setName("app-changelog").setTopicConfigs(List.of(
                                        new StreamsGroupHeartbeatRequestData.KeyValue().setKey("cleanup.policy")
                                                .setValue("compact")))))
                        .setCopartitionGroups(List.of(new StreamsGroupHeartbeatRequestData.CopartitionGroup()
                                .setSourceTopics(List.of((short) 0))))));

        // when
        CoordinatorRecord record = StreamsGroupRecords.topology("app", topology);

        // then
        StreamsGroupTopologyValue value = new StreamsGroupTopologyValue().setEpoch(2).setSubtopologies(List.of(
                new StreamsGroupTopologyValue.Subtopology().setSubtopologyId("0").setSourceTopics(List.of("orders"))
                        .setRepartitionSinkTopics(List.of("app-rep"))
                        .setStateChangelogTopics(List.of(new StreamsGroupTopologyValue.TopicInfo().setName("app-changelog")
                                .setTopicConfigs(List.of(new StreamsGroupTopologyValue.TopicConfig()
                                        .setKey("cleanup.policy").setValue("compact")))))
                        .setCopartitionGroups(List.of(new StreamsGroupTopologyValue.CopartitionGroup()
                                .setSourceTopics(List.of((short) 0))))));
        assertKafkasRecord(record, new StreamsGroupTopologyKey().setGroupId("app"), value);
        assertThat(StreamsGroupRecords.decodeTopology(kafkaValue(value))).isEqualTo(topology);
    }

    @Test
    void shouldWriteKafkasTargetAssignmentWhenTasksAreAssigned() {
        // when
        CoordinatorRecord member = StreamsGroupRecords.targetMember("app", "m1", TASKS);
        CoordinatorRecord metadata = StreamsGroupRecords.targetEpoch("app", 5, 1234L);

        // then
        StreamsGroupTargetAssignmentMemberValue value = new StreamsGroupTargetAssignmentMemberValue()
                .setActiveTasks(List.of(
                        new StreamsGroupTargetAssignmentMemberValue.TaskIds().setSubtopologyId("0").setPartitions(List.of(0, 2)),
                        new StreamsGroupTargetAssignmentMemberValue.TaskIds().setSubtopologyId("1").setPartitions(List.of(1))))
                .setStandbyTasks(List.of(new StreamsGroupTargetAssignmentMemberValue.TaskIds().setSubtopologyId("1")
                        .setPartitions(List.of(3))))
                .setWarmupTasks(List.of());
        assertKafkasRecord(member, new StreamsGroupTargetAssignmentMemberKey().setGroupId("app").setMemberId("m1"),
                value);
        assertThat(StreamsGroupRecords.decodeTargetMember(kafkaValue(value))).isEqualTo(TASKS);
        StreamsGroupTargetAssignmentMetadataValue read = (StreamsGroupTargetAssignmentMetadataValue) kafka
                .deserialize(metadata.key().duplicate(), metadata.value().duplicate()).value().message();
        assertThat(read.assignmentEpoch()).isEqualTo(5);
        assertThat(StreamsGroupRecords.decodeTargetEpoch(kafkaValue(new StreamsGroupTargetAssignmentMetadataValue()
                .setAssignmentEpoch(5)))).isEqualTo(5);
        assertThat(read.assignmentTimestamp()).isEqualTo(1234L);
        assertThat(StreamsGroupRecords.decodeTargetTimestamp(kafkaValue(new StreamsGroupTargetAssignmentMetadataValue()
                .setAssignmentEpoch(5).setAssignmentTimestamp(1234L)))).isEqualTo(1234L);
        assertThat(StreamsGroupRecords.decodeTargetTimestamp(kafkaValue(new StreamsGroupTargetAssignmentMetadataValue()
                .setAssignmentEpoch(5)))).isZero();
        assertThat(kafka.deserialize(metadata.key().duplicate(), null).key())
                .isEqualTo(new StreamsGroupTargetAssignmentMetadataKey().setGroupId("app"));
    }

    @Test
    void shouldWriteKafkasCurrentAssignmentWhenAMemberRevokes() {
        // given
        StreamsGroupRecords.CurrentAssignment current = new StreamsGroupRecords.CurrentAssignment(4, 3, (byte) 1, TASKS,
                Tasks.of(Map.of("0", List.of(1)), Map.of(), Map.of()));

        // when
        CoordinatorRecord record = StreamsGroupRecords.currentAssignment("app", "m1", current);

        // then
        StreamsGroupCurrentMemberAssignmentValue value = new StreamsGroupCurrentMemberAssignmentValue()
                .setMemberEpoch(4).setPreviousMemberEpoch(3).setState((byte) 1)
                .setActiveTasks(List.of(
                        new StreamsGroupCurrentMemberAssignmentValue.TaskIds().setSubtopologyId("0").setPartitions(List.of(0, 2)),
                        new StreamsGroupCurrentMemberAssignmentValue.TaskIds().setSubtopologyId("1").setPartitions(List.of(1))))
                .setStandbyTasks(List.of(new StreamsGroupCurrentMemberAssignmentValue.TaskIds().setSubtopologyId("1")
                        .setPartitions(List.of(3))))
                .setWarmupTasks(List.of())
                .setActiveTasksPendingRevocation(List.of(new StreamsGroupCurrentMemberAssignmentValue.TaskIds()
                        .setSubtopologyId("0").setPartitions(List.of(1))))
                .setStandbyTasksPendingRevocation(List.of()).setWarmupTasksPendingRevocation(List.of());
        assertKafkasRecord(record, new StreamsGroupCurrentMemberAssignmentKey().setGroupId("app").setMemberId("m1"),
                value);
        assertThat(StreamsGroupRecords.decodeCurrentAssignment(kafkaValue(value))).isEqualTo(current);
    }

    @Test
    void shouldWriteKafkasTombstonesWhenAMemberLeaves() {
        // when
        CoordinatorRecord member = StreamsGroupRecords.memberTombstone(StreamsGroupRecords.MEMBER_METADATA, "app", "m1");

        // then
        assertKafkasRecord(member, new StreamsGroupMemberMetadataKey().setGroupId("app").setMemberId("m1"), null);
        assertThat(GroupRecords.decodeKey(member.key()))
                .isEqualTo(new StreamsGroupKey(StreamsGroupRecords.MEMBER_METADATA, "app", "m1"));
    }
}
