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
 * Lanes' earlier value layouts of {@code __consumer_offsets}, read so that data written before
 * Lanes adopted Kafka's format loads and is converted (see {@link GroupRecords#upgrade}). The keys
 * were the same as Kafka's; the values were version 0, big-endian:
 *
 * <pre>
 * offset (key type 1):        offset int64, leader_epoch int32, metadata string,
 *                             commit_timestamp int64, expire_timestamp int64 (-1 = none)
 * classic group (key type 2): protocol_type nullable string, generation int32,
 *                             protocol nullable string, leader nullable string,
 *                             state_timestamp int64, members array of
 *                             [member_id string, group_instance_id nullable string,
 *                              client_id string, client_host string, rebalance_timeout int32,
 *                              session_timeout int32, subscription bytes, assignment bytes]
 * </pre>
 *
 * Lanes no longer writes these except in tests that prove the conversion ({@link #offset}, {@link #groupMetadata}).
 *
 * <p>Stateless and thread-safe.
 */
public final class LegacyGroupRecords {
    static final short VALUE_VERSION = 0;

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
    private static final Schema GROUP_KEY = new Schema(new Field("group", Type.STRING));

    private LegacyGroupRecords() {
    }

    /** An offset record as Lanes wrote it before (for conversion tests). */
    public static CoordinatorRecord offset(String groupId, TopicPartition tp, CommittedOffset offset) {
        Struct value = new Struct(OFFSET_VALUE)
                .set("offset", offset.offset())
                .set("leader_epoch", offset.leaderEpoch())
                .set("metadata", offset.metadata())
                .set("commit_timestamp", offset.commitTimestampMs())
                .set("expire_timestamp", offset.expireTimestampMs());
        return new CoordinatorRecord(GroupRecords.offsetTombstone(groupId, tp).key(),
                CoordinatorRecord.prefixed(VALUE_VERSION, value));
    }

    /** A classic group record as Lanes wrote it before (for conversion tests). */
    public static CoordinatorRecord groupMetadata(String groupId, GroupMetadataValue group) {
        List<Struct> members = new ArrayList<>();
        for (GroupMetadataValue.Member m : group.members()) {
            members.add(new Struct(MEMBER)
                    .set("member_id", m.memberId()).set("group_instance_id", m.groupInstanceId())
                    .set("client_id", m.clientId()).set("client_host", m.clientHost())
                    .set("rebalance_timeout", m.rebalanceTimeoutMs()).set("session_timeout", m.sessionTimeoutMs())
                    .set("subscription", ByteBuffer.wrap(m.subscription()))
                    .set("assignment", ByteBuffer.wrap(m.assignment())));
        }
        Struct value = new Struct(GROUP_VALUE)
                .set("protocol_type", group.protocolType()).set("generation", group.generation())
                .set("protocol", group.protocolName()).set("leader", group.leader())
                .set("state_timestamp", group.stateTimestampMs()).set("members", members.toArray());
        return new CoordinatorRecord(GroupRecords.groupTombstone(groupId).key(),
                CoordinatorRecord.prefixed(VALUE_VERSION, value));
    }

    /** The key under which Lanes wrote a KIP-848 group snapshot before (type 3). */
    public static ByteBuffer consumerGroupKey(String groupId) {
        return CoordinatorRecord.prefixed(GroupRecords.LEGACY_CONSUMER_GROUP_KEY_TYPE,
                new Struct(GROUP_KEY).set("group", groupId));
    }

    /** Reads an old offset value after its version. */
    static CommittedOffset decodeOffset(ByteBuffer afterVersion) {
        Struct s = OFFSET_VALUE.read(afterVersion);
        return new CommittedOffset(s.getLong("offset"), s.getInt("leader_epoch"), s.getString("metadata"),
                s.getLong("commit_timestamp"), s.getLong("expire_timestamp"));
    }

    /** Reads an old classic group value after its version. */
    static GroupMetadataValue decodeGroupMetadata(ByteBuffer afterVersion) {
        Struct s = GROUP_VALUE.read(afterVersion);
        List<GroupMetadataValue.Member> members = new ArrayList<>();
        for (Object o : s.getArray("members")) {
            Struct m = (Struct) o;
            members.add(new GroupMetadataValue.Member(m.getString("member_id"), m.getString("group_instance_id"),
                    m.getString("client_id"), m.getString("client_host"), m.getInt("rebalance_timeout"),
                    m.getInt("session_timeout"), GroupRecords.bytes(m.getBytes("subscription")),
                    GroupRecords.bytes(m.getBytes("assignment"))));
        }
        return new GroupMetadataValue(s.getString("protocol_type"), s.getInt("generation"), s.getString("protocol"),
                s.getString("leader"), s.getLong("state_timestamp"), members);
    }
}
