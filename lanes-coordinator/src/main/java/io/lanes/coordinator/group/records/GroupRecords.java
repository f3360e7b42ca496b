package io.lanes.coordinator.group.records;

import io.lanes.coordinator.group.offsets.CommittedOffset;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes the records of {@code __consumer_offsets}. Lanes' own format, big-endian, built
 * with kafka-clients' {@code protocol.types} (strings are int16 length + UTF-8, nullable
 * strings use length -1 for null, bytes are int32 length + data):
 *
 * <pre>
 * key   = int16 type, then
 *         type 1 (offset):          group string, topic string, partition int32
 *         type 2 (classic group):   group string
 *         type 3 (consumer group):  group string (value: see ConsumerGroupRecords)
 * value = int16 version, then
 *         offset v0:                offset int64, leader_epoch int32, metadata string,
 *                                   commit_timestamp int64, expire_timestamp int64 (-1 = none)
 *         classic group v0:         protocol_type nullable string, generation int32,
 *                                   protocol nullable string, leader nullable string,
 *                                   state_timestamp int64, members array of
 *                                   [member_id string, group_instance_id nullable string,
 *                                    client_id string, client_host string, rebalance_timeout int32,
 *                                    session_timeout int32, subscription bytes, assignment bytes]
 * </pre>
 *
 * A record without value (tombstone) deletes the key. Keys of other types (later group types)
 * decode to null so that an older reader skips them. Values carry their version so the format
 * can grow: a reader rejects versions it does not know.
 *
 * <p>Stateless and thread-safe.
 */
public final class GroupRecords {
    public static final short OFFSET_KEY_TYPE = 1;
    public static final short CLASSIC_GROUP_KEY_TYPE = 2;
    /** A consumer (KIP-848) group snapshot; its value is encoded by {@code ConsumerGroupRecords}. */
    public static final short CONSUMER_GROUP_KEY_TYPE = 3;
    private static final short OFFSET_VALUE_VERSION = 0;
    private static final short GROUP_VALUE_VERSION = 0;

    private static final Schema OFFSET_KEY = new Schema(
            new Field("group", Type.STRING), new Field("topic", Type.STRING), new Field("partition", Type.INT32));
    private static final Schema GROUP_KEY = new Schema(new Field("group", Type.STRING));
    private static final Schema OFFSET_VALUE = new Schema(
            new Field("offset", Type.INT64), new Field("leader_epoch", Type.INT32),
            new Field("metadata", Type.STRING), new Field("commit_timestamp", Type.INT64),
            new Field("expire_timestamp", Type.INT64));
    private static final Schema MEMBER = new Schema(
            new Field("member_id", Type.STRING), new Field("group_instance_id", Type.NULLABLE_STRING),
            new Field("client_id", Type.STRING), new Field("client_host", Type.STRING),
            new Field("rebalance_timeout", Type.INT32), new Field("session_timeout", Type.INT32),
            new Field("subscription", Type.BYTES), new Field("assignment", Type.BYTES));
    private static final Schema GROUP_VALUE = new Schema(
            new Field("protocol_type", Type.NULLABLE_STRING), new Field("generation", Type.INT32),
            new Field("protocol", Type.NULLABLE_STRING), new Field("leader", Type.NULLABLE_STRING),
            new Field("state_timestamp", Type.INT64), new Field("members", new ArrayOf(MEMBER)));

    private GroupRecords() {
    }

    public static CoordinatorRecord offset(String groupId, TopicPartition tp, CommittedOffset offset) {
        Struct value = new Struct(OFFSET_VALUE)
                .set("offset", offset.offset())
                .set("leader_epoch", offset.leaderEpoch())
                .set("metadata", offset.metadata())
                .set("commit_timestamp", offset.commitTimestampMs())
                .set("expire_timestamp", offset.expireTimestampMs());
        return new CoordinatorRecord(offsetKey(groupId, tp), CoordinatorRecord.prefixed(OFFSET_VALUE_VERSION, value));
    }

    public static CoordinatorRecord offsetTombstone(String groupId, TopicPartition tp) {
        return new CoordinatorRecord(offsetKey(groupId, tp), null);
    }

    public static CoordinatorRecord groupMetadata(String groupId, GroupMetadataValue group) {
        List<Struct> members = new ArrayList<>();
        for (GroupMetadataValue.Member m : group.members()) {
            members.add(new Struct(MEMBER)
                    .set("member_id", m.memberId())
                    .set("group_instance_id", m.groupInstanceId())
                    .set("client_id", m.clientId())
                    .set("client_host", m.clientHost())
                    .set("rebalance_timeout", m.rebalanceTimeoutMs())
                    .set("session_timeout", m.sessionTimeoutMs())
                    .set("subscription", ByteBuffer.wrap(m.subscription()))
                    .set("assignment", ByteBuffer.wrap(m.assignment())));
        }
        Struct value = new Struct(GROUP_VALUE)
                .set("protocol_type", group.protocolType())
                .set("generation", group.generation())
                .set("protocol", group.protocolName())
                .set("leader", group.leader())
                .set("state_timestamp", group.stateTimestampMs())
                .set("members", members.toArray());
        return new CoordinatorRecord(groupKey(groupId), CoordinatorRecord.prefixed(GROUP_VALUE_VERSION, value));
    }

    public static CoordinatorRecord groupTombstone(String groupId) {
        return new CoordinatorRecord(groupKey(groupId), null);
    }

    /** Decodes a key; null for key types this version does not know. */
    public static GroupRecordKey decodeKey(ByteBuffer key) {
        ByteBuffer buffer = key.duplicate();
        short type = buffer.getShort();
        if (type == OFFSET_KEY_TYPE) {
            Struct s = OFFSET_KEY.read(buffer);
            return new OffsetCommitKey(s.getString("group"), s.getString("topic"), s.getInt("partition"));
        }
        if (type == CLASSIC_GROUP_KEY_TYPE) {
            return new GroupMetadataKey(GROUP_KEY.read(buffer).getString("group"));
        }
        if (type == CONSUMER_GROUP_KEY_TYPE) {
            return new ConsumerGroupKey(GROUP_KEY.read(buffer).getString("group"));
        }
        return null;
    }

    /** The key of a consumer group's snapshot record. */
    public static ByteBuffer consumerGroupKey(String groupId) {
        return CoordinatorRecord.prefixed(CONSUMER_GROUP_KEY_TYPE, new Struct(GROUP_KEY).set("group", groupId));
    }

    public static CoordinatorRecord consumerGroupTombstone(String groupId) {
        return new CoordinatorRecord(consumerGroupKey(groupId), null);
    }

    public static CommittedOffset decodeOffset(ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        checkVersion(buffer.getShort(), OFFSET_VALUE_VERSION, "offset");
        Struct s = OFFSET_VALUE.read(buffer);
        return new CommittedOffset(s.getLong("offset"), s.getInt("leader_epoch"), s.getString("metadata"),
                s.getLong("commit_timestamp"), s.getLong("expire_timestamp"));
    }

    public static GroupMetadataValue decodeGroupMetadata(ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        checkVersion(buffer.getShort(), GROUP_VALUE_VERSION, "classic group");
        Struct s = GROUP_VALUE.read(buffer);
        List<GroupMetadataValue.Member> members = new ArrayList<>();
        for (Object o : s.getArray("members")) {
            Struct m = (Struct) o;
            members.add(new GroupMetadataValue.Member(m.getString("member_id"), m.getString("group_instance_id"),
                    m.getString("client_id"), m.getString("client_host"), m.getInt("rebalance_timeout"),
                    m.getInt("session_timeout"), bytes(m.getBytes("subscription")), bytes(m.getBytes("assignment"))));
        }
        return new GroupMetadataValue(s.getString("protocol_type"), s.getInt("generation"), s.getString("protocol"),
                s.getString("leader"), s.getLong("state_timestamp"), members);
    }

    private static ByteBuffer offsetKey(String groupId, TopicPartition tp) {
        Struct key = new Struct(OFFSET_KEY).set("group", groupId).set("topic", tp.topic()).set("partition", tp.partition());
        return CoordinatorRecord.prefixed(OFFSET_KEY_TYPE, key);
    }

    private static ByteBuffer groupKey(String groupId) {
        return CoordinatorRecord.prefixed(CLASSIC_GROUP_KEY_TYPE, new Struct(GROUP_KEY).set("group", groupId));
    }

    private static void checkVersion(short version, short known, String what) {
        if (version != known) {
            throw new IllegalStateException("Unknown " + what + " record value version " + version);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
