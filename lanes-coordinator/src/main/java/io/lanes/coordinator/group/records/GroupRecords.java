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
import java.util.TreeMap;

/**
 * Serializes the records of {@code __consumer_offsets} in Apache Kafka's format, so that Kafka's
 * tools ({@code kafka-dump-log --offsets-decoder}, the console consumer's group formatters) and
 * offset readers such as Burrow read Lanes' topic as they read Kafka's. Built with kafka-clients'
 * {@code protocol.types}; big-endian; {@code string} is int16 length + UTF-8 (-1 = null for
 * nullable ones), {@code bytes} is int32 length + data, the {@code compact} forms and tagged
 * fields are those of Kafka's flexible versions (unsigned varint length + 1).
 *
 * <pre>
 * key   = int16 record type (Kafka's CoordinatorRecordType), then
 *         1 OffsetCommitKey:     group string, topic string, partition int32
 *         2 GroupMetadataKey:    group string
 *         3-8, 16:               KIP-848 consumer group records, see ConsumerGroupRecords
 *         17, 19-23:             KIP-1071 streams group records, see StreamsGroupRecords
 *         1000 (Lanes, earlier): group string (a whole-group snapshot, see LegacyConsumerGroupSnapshot)
 * value = int16 version, then
 *         OffsetCommitValue v4:  offset int64, leader_epoch int32, metadata compact string,
 *                                commit_timestamp int64, tagged fields (none written)
 *         OffsetCommitValue v1:  offset int64, metadata string, commit_timestamp int64,
 *                                expire_timestamp int64 (only when the commit has an expiry: Kafka
 *                                writes v1 then, and the leader epoch is not kept)
 *         GroupMetadataValue v3: protocol_type string ("" = none), generation int32,
 *                                protocol nullable string, leader nullable string,
 *                                current_state_timestamp int64, members array of
 *                                [member_id string, group_instance_id nullable string,
 *                                 client_id string, client_host string, rebalance_timeout int32,
 *                                 session_timeout int32, subscription bytes, assignment bytes]
 * </pre>
 *
 * These are the record types and versions Kafka 4.1 writes. A record without value (tombstone)
 * deletes the key. Keys of other types decode to null so that the coordinator skips them.
 *
 * <p><b>Lanes' earlier format.</b> Before adopting Kafka's, Lanes wrote the same keys (offsets
 * type 1, classic groups type 2, KIP-848 snapshots type 3) with values of version 0 in its own
 * layouts (see {@link LegacyGroupRecords}). Lanes never writes version 0 of Kafka's offset and classic
 * group values, so such a value is read as Lanes' old layout; a type 3 value is an old snapshot when
 * {@link LegacyConsumerGroupSnapshot#isSnapshot} says so, else Kafka's. Later, KIP-848 groups were whole-group
 * snapshots under type 1000. {@link #upgrade} rewrites all these in the current format at start-up.
 *
 * <p>Stateless and thread-safe.
 */
public final class GroupRecords {
    public static final short OFFSET_KEY_TYPE = 1;
    public static final short CLASSIC_GROUP_KEY_TYPE = 2;
    /**
     * Kafka's ConsumerGroupMetadataKey type, where Lanes' earliest KIP-848 group snapshots went (their values are
     * told apart from Kafka's ConsumerGroupMetadataValue by {@link LegacyConsumerGroupSnapshot#isSnapshot}).
     */
    static final short LEGACY_CONSUMER_GROUP_KEY_TYPE = 3;
    /**
     * A KIP-848 consumer group snapshot in Lanes' own value format (see {@link LegacyConsumerGroupSnapshot}),
     * written before Lanes wrote Kafka's consumer group records; read and converted, no longer written. Far above
     * the record types Kafka uses (0-23 in Kafka 4.1), so Kafka's decoders report it as an unknown type.
     */
    public static final short CONSUMER_GROUP_KEY_TYPE = 1000;

    private static final short OFFSET_VALUE_WITH_EXPIRY = 1;
    private static final short OFFSET_VALUE = 4;
    private static final short GROUP_VALUE = 3;
    private static final String TAGGED_FIELDS = "_tagged_fields";

    private static final Schema OFFSET_KEY_SCHEMA = new Schema(
            new Field("group", Type.STRING), new Field("topic", Type.STRING), new Field("partition", Type.INT32));
    private static final Schema GROUP_KEY_SCHEMA = new Schema(new Field("group", Type.STRING));
    private static final Schema OFFSET_VALUE_V1 = new Schema(
            new Field("offset", Type.INT64), new Field("metadata", Type.STRING),
            new Field("commit_timestamp", Type.INT64), new Field("expire_timestamp", Type.INT64));
    private static final Schema OFFSET_VALUE_V3 = new Schema(
            new Field("offset", Type.INT64), new Field("leader_epoch", Type.INT32),
            new Field("metadata", Type.STRING), new Field("commit_timestamp", Type.INT64));
    private static final Schema OFFSET_VALUE_V4 = new Schema(
            new Field("offset", Type.INT64), new Field("leader_epoch", Type.INT32),
            new Field("metadata", Type.COMPACT_STRING), new Field("commit_timestamp", Type.INT64),
            Field.TaggedFieldsSection.of(0, new Field("topic_id", Type.UUID, "")));
    private static final Schema MEMBER_V3 = new Schema(
            new Field("member_id", Type.STRING), new Field("group_instance_id", Type.NULLABLE_STRING),
            new Field("client_id", Type.STRING), new Field("client_host", Type.STRING),
            new Field("rebalance_timeout", Type.INT32), new Field("session_timeout", Type.INT32),
            new Field("subscription", Type.BYTES), new Field("assignment", Type.BYTES));
    private static final Schema GROUP_VALUE_V3 = new Schema(
            new Field("protocol_type", Type.STRING), new Field("generation", Type.INT32),
            new Field("protocol", Type.NULLABLE_STRING), new Field("leader", Type.NULLABLE_STRING),
            new Field("current_state_timestamp", Type.INT64), new Field("members", new ArrayOf(MEMBER_V3)));

    private GroupRecords() {
    }

    public static CoordinatorRecord offset(String groupId, TopicPartition tp, CommittedOffset offset) {
        ByteBuffer value;
        if (offset.expireTimestampMs() >= 0) {
            value = CoordinatorRecord.prefixed(OFFSET_VALUE_WITH_EXPIRY, new Struct(OFFSET_VALUE_V1)
                    .set("offset", offset.offset())
                    .set("metadata", offset.metadata())
                    .set("commit_timestamp", offset.commitTimestampMs())
                    .set("expire_timestamp", offset.expireTimestampMs()));
        } else {
            value = CoordinatorRecord.prefixed(OFFSET_VALUE, new Struct(OFFSET_VALUE_V4)
                    .set("offset", offset.offset())
                    .set("leader_epoch", offset.leaderEpoch())
                    .set("metadata", offset.metadata())
                    .set("commit_timestamp", offset.commitTimestampMs())
                    .set(TAGGED_FIELDS, new TreeMap<Integer, Object>()));
        }
        return new CoordinatorRecord(offsetKey(groupId, tp), value);
    }

    public static CoordinatorRecord offsetTombstone(String groupId, TopicPartition tp) {
        return new CoordinatorRecord(offsetKey(groupId, tp), null);
    }

    public static CoordinatorRecord groupMetadata(String groupId, GroupMetadataValue group) {
        List<Struct> members = new ArrayList<>();
        for (GroupMetadataValue.Member m : group.members()) {
            members.add(new Struct(MEMBER_V3)
                    .set("member_id", m.memberId())
                    .set("group_instance_id", m.groupInstanceId())
                    .set("client_id", m.clientId())
                    .set("client_host", m.clientHost())
                    .set("rebalance_timeout", m.rebalanceTimeoutMs())
                    .set("session_timeout", m.sessionTimeoutMs())
                    .set("subscription", ByteBuffer.wrap(m.subscription()))
                    .set("assignment", ByteBuffer.wrap(m.assignment())));
        }
        Struct value = new Struct(GROUP_VALUE_V3)
                // Kafka writes "" for a group without protocol type (one that only has offsets)
                .set("protocol_type", group.protocolType() == null ? "" : group.protocolType())
                .set("generation", group.generation())
                .set("protocol", group.protocolName())
                .set("leader", group.leader())
                .set("current_state_timestamp", group.stateTimestampMs())
                .set("members", members.toArray());
        return new CoordinatorRecord(groupKey(groupId), CoordinatorRecord.prefixed(GROUP_VALUE, value));
    }

    public static CoordinatorRecord groupTombstone(String groupId) {
        return new CoordinatorRecord(groupKey(groupId), null);
    }

    /** Decodes a key; null for key types Lanes does not write. */
    public static GroupRecordKey decodeKey(ByteBuffer key) {
        ByteBuffer buffer = key.duplicate();
        short type = buffer.getShort();
        if (type == OFFSET_KEY_TYPE) {
            Struct s = OFFSET_KEY_SCHEMA.read(buffer);
            return new OffsetCommitKey(s.getString("group"), s.getString("topic"), s.getInt("partition"));
        }
        if (type == CLASSIC_GROUP_KEY_TYPE) {
            return new GroupMetadataKey(GROUP_KEY_SCHEMA.read(buffer).getString("group"));
        }
        GroupRecordKey consumer = ConsumerGroupRecords.decodeKey(type, buffer);
        return consumer != null ? consumer : StreamsGroupRecords.decodeKey(type, buffer);
    }

    /** The key of a consumer group's snapshot record (Lanes' earlier format; no longer written). */
    public static ByteBuffer consumerGroupKey(String groupId) {
        return CoordinatorRecord.prefixed(CONSUMER_GROUP_KEY_TYPE, new Struct(GROUP_KEY_SCHEMA).set("group", groupId));
    }

    /** Decodes an OffsetCommitValue (versions 1, 3 and 4), or Lanes' earlier layout (version 0). */
    public static CommittedOffset decodeOffset(ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        short version = buffer.getShort();
        switch (version) {
            case LegacyGroupRecords.VALUE_VERSION:
                return LegacyGroupRecords.decodeOffset(buffer);
            case OFFSET_VALUE_WITH_EXPIRY: {
                Struct s = OFFSET_VALUE_V1.read(buffer);
                return new CommittedOffset(s.getLong("offset"), -1, s.getString("metadata"),
                        s.getLong("commit_timestamp"), s.getLong("expire_timestamp"));
            }
            case 3:
            case OFFSET_VALUE: {
                Struct s = (version == 3 ? OFFSET_VALUE_V3 : OFFSET_VALUE_V4).read(buffer);
                return new CommittedOffset(s.getLong("offset"), s.getInt("leader_epoch"), s.getString("metadata"),
                        s.getLong("commit_timestamp"), -1);
            }
            default:
                throw new IllegalStateException("Unknown offset commit value version " + version);
        }
    }

    /** Decodes a GroupMetadataValue (version 3), or Lanes' earlier layout (version 0). */
    public static GroupMetadataValue decodeGroupMetadata(ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        short version = buffer.getShort();
        if (version == LegacyGroupRecords.VALUE_VERSION) {
            return LegacyGroupRecords.decodeGroupMetadata(buffer);
        }
        if (version != GROUP_VALUE) {
            throw new IllegalStateException("Unknown group metadata value version " + version);
        }
        Struct s = GROUP_VALUE_V3.read(buffer);
        List<GroupMetadataValue.Member> members = new ArrayList<>();
        for (Object o : s.getArray("members")) {
            Struct m = (Struct) o;
            members.add(new GroupMetadataValue.Member(m.getString("member_id"), m.getString("group_instance_id"),
                    m.getString("client_id"), m.getString("client_host"), m.getInt("rebalance_timeout"),
                    m.getInt("session_timeout"), bytes(m.getBytes("subscription")), bytes(m.getBytes("assignment"))));
        }
        String protocolType = s.getString("protocol_type");
        return new GroupMetadataValue(protocolType.isEmpty() ? null : protocolType, s.getInt("generation"),
                s.getString("protocol"), s.getString("leader"), s.getLong("current_state_timestamp"), members);
    }

    /**
     * The records that replace a record of Lanes' earlier format, or null if the record is in the current one.
     * An old offset or classic group value becomes the same state in Kafka's format under the same key; a KIP-848
     * whole-group snapshot (type {@link #CONSUMER_GROUP_KEY_TYPE}) becomes a tombstone of its key, so compaction
     * removes it, then Kafka's consumer group records for the same group ({@link LegacyConsumerGroupSnapshot});
     * an even older snapshot under type 3 becomes those records too (the type 3 one overwrites it); an old
     * tombstone needs nothing written (empty list).
     */
    public static List<CoordinatorRecord> upgrade(ByteBuffer key, ByteBuffer value) {
        GroupRecordKey decoded = decodeKey(key);
        short type = key.getShort(key.position());
        if (type == CONSUMER_GROUP_KEY_TYPE) {
            if (value == null) {
                return List.of();
            }
            // the snapshot's tombstone first: replayed again before compaction, it drops the group the snapshot
            // loaded, and the records after it rebuild the same group
            List<CoordinatorRecord> out = new ArrayList<>();
            out.add(new CoordinatorRecord(consumerGroupKey(decoded.groupId()), null));
            out.addAll(LegacyConsumerGroupSnapshot.toRecords(decoded.groupId(), value));
            return out;
        }
        if (type == LEGACY_CONSUMER_GROUP_KEY_TYPE) {
            // Kafka's ConsumerGroupMetadataKey: either Kafka's value (current) or an even older Lanes snapshot
            return value == null || !LegacyConsumerGroupSnapshot.isSnapshot(value) ? null
                    : LegacyConsumerGroupSnapshot.toRecords(decoded.groupId(), value);
        }
        if (value == null || value.getShort(value.position()) != LegacyGroupRecords.VALUE_VERSION) {
            return null;
        }
        if (decoded instanceof OffsetCommitKey offsetKey) {
            return List.of(offset(offsetKey.groupId(), offsetKey.topicPartition(), decodeOffset(value)));
        }
        if (decoded instanceof GroupMetadataKey groupKey) {
            return List.of(groupMetadata(groupKey.groupId(), decodeGroupMetadata(value)));
        }
        return null;
    }

    private static ByteBuffer offsetKey(String groupId, TopicPartition tp) {
        Struct key = new Struct(OFFSET_KEY_SCHEMA).set("group", groupId).set("topic", tp.topic()).set("partition", tp.partition());
        return CoordinatorRecord.prefixed(OFFSET_KEY_TYPE, key);
    }

    private static ByteBuffer groupKey(String groupId) {
        return CoordinatorRecord.prefixed(CLASSIC_GROUP_KEY_TYPE, new Struct(GROUP_KEY_SCHEMA).set("group", groupId));
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
