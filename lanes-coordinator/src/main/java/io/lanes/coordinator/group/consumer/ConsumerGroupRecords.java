package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The value of a consumer group snapshot record (key type {@link GroupRecords#CONSUMER_GROUP_KEY_TYPE}, 1000; type 3
 * before Lanes wrote Kafka's record formats), in Lanes' own format, as Kafka's per-member KIP-848 records are not
 * written yet: int16 version (1; 0 is still read), then group_epoch int32, assignment_epoch int32,
 * assignor nullable string, state_timestamp int64, metadata array of [topic string, partitions int32],
 * members array of [member_id, instance_id?, rack_id?, client_id, client_host, subscribed [string],
 * server_assignor?, rebalance_timeout int32, member_epoch int32, previous_epoch int32, state int8,
 * assigned, pending_revocation, target, subscribed_regex? (version 1)] where each assignment is an
 * array of [topic_id uuid, partitions [int32]].
 *
 * <p>The whole group is rewritten on each change. Kafka's decoders skip the record type as unknown.
 */
final class ConsumerGroupRecords {
    private static final short VERSION = 1;
    private static final Schema TOPIC_PARTITIONS = new Schema(
            new Field("topic_id", Type.UUID), new Field("partitions", new ArrayOf(Type.INT32)));
    private static final Schema METADATA = new Schema(
            new Field("topic", Type.STRING), new Field("partitions", Type.INT32));
    private static final Field[] MEMBER_V0_FIELDS = {
            new Field("member_id", Type.STRING), new Field("instance_id", Type.NULLABLE_STRING),
            new Field("rack_id", Type.NULLABLE_STRING), new Field("client_id", Type.STRING),
            new Field("client_host", Type.STRING), new Field("subscribed", new ArrayOf(Type.STRING)),
            new Field("server_assignor", Type.NULLABLE_STRING), new Field("rebalance_timeout", Type.INT32),
            new Field("member_epoch", Type.INT32), new Field("previous_epoch", Type.INT32),
            new Field("state", Type.INT8), new Field("assigned", new ArrayOf(TOPIC_PARTITIONS)),
            new Field("pending_revocation", new ArrayOf(TOPIC_PARTITIONS)),
            new Field("target", new ArrayOf(TOPIC_PARTITIONS))};
    private static final Schema MEMBER_V0 = new Schema(MEMBER_V0_FIELDS);
    /** Version 1 adds the member's subscribed regular expression. */
    private static final Schema MEMBER_V1 = new Schema(withField(MEMBER_V0_FIELDS,
            new Field("subscribed_regex", Type.NULLABLE_STRING)));
    private static final Schema GROUP_V0 = group(MEMBER_V0);
    private static final Schema GROUP_V1 = group(MEMBER_V1);

    private ConsumerGroupRecords() {
    }

    private static Schema group(Schema member) {
        return new Schema(
                new Field("group_epoch", Type.INT32), new Field("assignment_epoch", Type.INT32),
                new Field("assignor", Type.NULLABLE_STRING), new Field("state_timestamp", Type.INT64),
                new Field("metadata", new ArrayOf(METADATA)), new Field("members", new ArrayOf(member)));
    }

    private static Field[] withField(Field[] fields, Field extra) {
        Field[] out = Arrays.copyOf(fields, fields.length + 1);
        out[fields.length] = extra;
        return out;
    }

    static CoordinatorRecord snapshot(ConsumerGroup group) {
        return new CoordinatorRecord(GroupRecords.consumerGroupKey(group.groupId()), encode(group));
    }

    static ByteBuffer encode(ConsumerGroup group) {
        List<Struct> metadata = new ArrayList<>();
        group.subscriptionMetadata.forEach((t, n) -> metadata.add(new Struct(METADATA).set("topic", t).set("partitions", n)));
        List<Struct> members = new ArrayList<>();
        for (ConsumerMember m : group.members.values()) {
            members.add(new Struct(MEMBER_V1)
                    .set("member_id", m.memberId).set("instance_id", m.instanceId).set("rack_id", m.rackId)
                    .set("client_id", m.clientId).set("client_host", m.clientHost)
                    .set("subscribed", m.subscribedTopics.toArray())
                    .set("server_assignor", m.serverAssignor).set("rebalance_timeout", m.rebalanceTimeoutMs)
                    .set("member_epoch", m.memberEpoch).set("previous_epoch", m.previousMemberEpoch)
                    .set("state", (byte) m.state.ordinal())
                    .set("assigned", encode(m.assigned)).set("pending_revocation", encode(m.pendingRevocation))
                    .set("target", encode(group.targetAssignment.getOrDefault(m.memberId, Map.of())))
                    .set("subscribed_regex", m.subscribedTopicRegex));
        }
        Struct value = new Struct(GROUP_V1).set("group_epoch", group.groupEpoch)
                .set("assignment_epoch", group.targetAssignmentEpoch).set("assignor", group.assignorName)
                .set("state_timestamp", group.stateTimestampMs)
                .set("metadata", metadata.toArray()).set("members", members.toArray());
        return CoordinatorRecord.prefixed(VERSION, value);
    }

    static ConsumerGroup decode(String groupId, ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        short version = buffer.getShort();
        if (version != 0 && version != VERSION) {
            throw new IllegalStateException("Unknown consumer group record value version " + version);
        }
        Struct s = (version == 0 ? GROUP_V0 : GROUP_V1).read(buffer);
        ConsumerGroup group = new ConsumerGroup(groupId, s.getLong("state_timestamp"));
        group.groupEpoch = s.getInt("group_epoch");
        group.targetAssignmentEpoch = s.getInt("assignment_epoch");
        group.assignorName = s.getString("assignor");
        for (Object o : s.getArray("metadata")) {
            Struct t = (Struct) o;
            group.subscriptionMetadata.put(t.getString("topic"), t.getInt("partitions"));
        }
        for (Object o : s.getArray("members")) {
            Struct ms = (Struct) o;
            ConsumerMember m = new ConsumerMember(ms.getString("member_id"));
            m.instanceId = ms.getString("instance_id");
            m.rackId = ms.getString("rack_id");
            m.clientId = ms.getString("client_id");
            m.clientHost = ms.getString("client_host");
            m.subscribedTopics = new ArrayList<>(Arrays.stream(ms.getArray("subscribed")).map(x -> (String) x).toList());
            m.serverAssignor = ms.getString("server_assignor");
            m.rebalanceTimeoutMs = ms.getInt("rebalance_timeout");
            m.memberEpoch = ms.getInt("member_epoch");
            m.previousMemberEpoch = ms.getInt("previous_epoch");
            m.state = ConsumerMember.State.values()[ms.getByte("state")];
            m.assigned = decode(ms.getArray("assigned"));
            m.pendingRevocation = decode(ms.getArray("pending_revocation"));
            if (version >= 1) {
                m.subscribedTopicRegex = ms.getString("subscribed_regex");
            }
            group.targetAssignment.put(m.memberId, decode(ms.getArray("target")));
            group.members.put(m.memberId, m);
        }
        return group;
    }

    private static Object[] encode(Map<Uuid, Set<Integer>> assignment) {
        List<Struct> out = new ArrayList<>();
        assignment.forEach((id, parts) -> out.add(new Struct(TOPIC_PARTITIONS).set("topic_id", id)
                .set("partitions", parts.toArray())));
        return out.toArray();
    }

    private static Map<Uuid, Set<Integer>> decode(Object[] array) {
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        for (Object o : array) {
            Struct t = (Struct) o;
            Set<Integer> parts = new TreeSet<>();
            for (Object p : t.getArray("partitions")) {
                parts.add((Integer) p);
            }
            out.put(t.getUuid("topic_id"), parts);
        }
        return out;
    }
}
