package io.lanes.coordinator.share;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Serializes the records of {@code __share_group_state} in Apache Kafka's format (as Kafka 4.1's share
 * coordinator writes them), so Kafka's tools read Lanes' topic. Big-endian; compact arrays are an unsigned varint
 * length + 1; tagged fields are Kafka's flexible-version tagged fields (none written):
 *
 * <pre>
 * key    = int16 record type (0 = ShareSnapshotKey, 1 = ShareUpdateKey), version 0:
 *          group_id string (int16 length + UTF-8), topic_id uuid (16 bytes), partition int32
 * value  = int16 version = 0, then
 *   type 0 ShareSnapshotValue: snapshot_epoch int32, state_epoch int32, leader_epoch int32, start_offset int64,
 *          create_timestamp int64, write_timestamp int64, state_batches, tagged fields
 *   type 1 ShareUpdateValue:   snapshot_epoch int32, leader_epoch int32, start_offset int64 (-1 = unchanged),
 *          state_batches, tagged fields
 * state_batches = compact array of [first_offset int64, last_offset int64, delivery_state int8
 *          (0 Available, 2 Acknowledged, 4 Archived), delivery_count int16, tagged fields]
 * </pre>
 *
 * A snapshot and an update of one share-partition have different keys, so a compacted topic would keep only the
 * last update after the last snapshot: the topic is not compacted (Kafka deletes what precedes the last snapshot
 * instead). A tombstone of the snapshot key forgets the share-partition. Keys of another type decode to null.
 *
 * <p>Stateless and thread-safe.
 */
public final class ShareStateRecords {
    public static final short SNAPSHOT_TYPE = 0;
    public static final short UPDATE_TYPE = 1;
    private static final short VALUE_VERSION = 0;
    private static final String TAGGED_FIELDS = "_tagged_fields";

    private static final Schema KEY = new Schema(new Field("group_id", Type.STRING),
            new Field("topic_id", Type.UUID), new Field("partition", Type.INT32));
    private static final Schema BATCH = new Schema(new Field("first_offset", Type.INT64),
            new Field("last_offset", Type.INT64), new Field("delivery_state", Type.INT8),
            new Field("delivery_count", Type.INT16), Field.TaggedFieldsSection.of());
    private static final Schema SNAPSHOT = new Schema(new Field("snapshot_epoch", Type.INT32),
            new Field("state_epoch", Type.INT32), new Field("leader_epoch", Type.INT32),
            new Field("start_offset", Type.INT64), new Field("create_timestamp", Type.INT64),
            new Field("write_timestamp", Type.INT64), new Field("state_batches", new CompactArrayOf(BATCH)),
            Field.TaggedFieldsSection.of());
    private static final Schema UPDATE = new Schema(new Field("snapshot_epoch", Type.INT32),
            new Field("leader_epoch", Type.INT32), new Field("start_offset", Type.INT64),
            new Field("state_batches", new CompactArrayOf(BATCH)), Field.TaggedFieldsSection.of());

    /** A decoded update: the snapshot epoch it follows, the leader epoch and the change. */
    public record Update(int snapshotEpoch, int leaderEpoch, ShareStateChange change) {
    }

    private ShareStateRecords() {
    }

    public static CoordinatorRecord snapshot(ShareStateKey key, ShareSnapshot snapshot) {
        Struct value = new Struct(SNAPSHOT)
                .set("snapshot_epoch", snapshot.snapshotEpoch())
                .set("state_epoch", snapshot.stateEpoch())
                .set("leader_epoch", snapshot.leaderEpoch())
                .set("start_offset", snapshot.startOffset())
                .set("create_timestamp", snapshot.createTimestampMs())
                .set("write_timestamp", snapshot.writeTimestampMs())
                .set("state_batches", batches(snapshot.batches()))
                .set(TAGGED_FIELDS, new TreeMap<Integer, Object>());
        return new CoordinatorRecord(key(SNAPSHOT_TYPE, key), CoordinatorRecord.prefixed(VALUE_VERSION, value));
    }

    public static CoordinatorRecord update(ShareStateKey key, int snapshotEpoch, int leaderEpoch,
                                           ShareStateChange change) {
        Struct value = new Struct(UPDATE)
                .set("snapshot_epoch", snapshotEpoch)
                .set("leader_epoch", leaderEpoch)
                .set("start_offset", change.startOffset())
                .set("state_batches", batches(change.batches()))
                .set(TAGGED_FIELDS, new TreeMap<Integer, Object>());
        return new CoordinatorRecord(key(UPDATE_TYPE, key), CoordinatorRecord.prefixed(VALUE_VERSION, value));
    }

    /** Forgets a share-partition (its group or its state was deleted). */
    public static CoordinatorRecord tombstone(ShareStateKey key) {
        return new CoordinatorRecord(key(SNAPSHOT_TYPE, key), null);
    }

    /** The record type of a key: {@link #SNAPSHOT_TYPE}, {@link #UPDATE_TYPE} or another (to skip). */
    public static short type(ByteBuffer key) {
        return key.getShort(key.position());
    }

    /** The share-partition of a key of type snapshot or update, or null for another type. */
    public static ShareStateKey decodeKey(ByteBuffer key) {
        ByteBuffer buffer = key.duplicate();
        short type = buffer.getShort();
        if (type != SNAPSHOT_TYPE && type != UPDATE_TYPE) {
            return null;
        }
        Struct s = KEY.read(buffer);
        return new ShareStateKey(s.getString("group_id"), (Uuid) s.get("topic_id"), s.getInt("partition"));
    }

    public static ShareSnapshot decodeSnapshot(ByteBuffer value) {
        Struct s = SNAPSHOT.read(afterVersion(value));
        return new ShareSnapshot(s.getInt("snapshot_epoch"), s.getInt("state_epoch"), s.getInt("leader_epoch"),
                s.getLong("start_offset"), s.getLong("create_timestamp"), s.getLong("write_timestamp"),
                decodeBatches(s.getArray("state_batches")));
    }

    public static Update decodeUpdate(ByteBuffer value) {
        Struct s = UPDATE.read(afterVersion(value));
        return new Update(s.getInt("snapshot_epoch"), s.getInt("leader_epoch"),
                new ShareStateChange(s.getLong("start_offset"), decodeBatches(s.getArray("state_batches"))));
    }

    private static ByteBuffer afterVersion(ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        short version = buffer.getShort();
        if (version != VALUE_VERSION) {
            throw new IllegalStateException("Unknown share state value version " + version);
        }
        return buffer;
    }

    private static Object[] batches(List<StateBatch> batches) {
        Object[] structs = new Object[batches.size()];
        for (int i = 0; i < structs.length; i++) {
            StateBatch b = batches.get(i);
            structs[i] = new Struct(BATCH).set("first_offset", b.firstOffset()).set("last_offset", b.lastOffset())
                    .set("delivery_state", b.state().id()).set("delivery_count", b.deliveryCount())
                    .set(TAGGED_FIELDS, new TreeMap<Integer, Object>());
        }
        return structs;
    }

    private static List<StateBatch> decodeBatches(Object[] structs) {
        List<StateBatch> batches = new ArrayList<>(structs.length);
        for (Object o : structs) {
            Struct b = (Struct) o;
            batches.add(new StateBatch(b.getLong("first_offset"), b.getLong("last_offset"),
                    DeliveryState.fromId((byte) b.get("delivery_state")), b.getShort("delivery_count")));
        }
        return batches;
    }

    private static ByteBuffer key(short type, ShareStateKey key) {
        return CoordinatorRecord.prefixed(type, new Struct(KEY).set("group_id", key.groupId())
                .set("topic_id", key.topicId()).set("partition", key.partition()));
    }
}
