package io.lanes.coordinator.group.records;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The records of KIP-1071 streams groups in {@code __consumer_offsets}, in Apache Kafka 4.4's formats, so that
 * Kafka's decoders read them. Keys are not flexible: int16 record type, then {@code string} fields. Values are int16
 * version 0, flexible: compact strings and arrays, and a tagged-fields section at the end of every struct.
 *
 * <pre>
 * type key                                  value (version 0)
 * 17   StreamsGroupMetadata        group    epoch int32, metadata_hash int64;
 *                                           tag 0: validated_topology_epoch int32 (default -1, written when not -1)
 * 19   StreamsGroupMemberMetadata  group, member  instance_id?, rack_id?, client_id, client_host,
 *                                           rebalance_timeout_ms int32, topology_epoch int32, process_id,
 *                                           user_endpoint? {host, port uint16}, client_tags [key, value]
 * 20   StreamsGroupTargetAssignmentMetadata group   assignment_epoch int32; tag 0: assignment_timestamp int64
 * 21   StreamsGroupTargetAssignmentMember group, member  active, standby, warmup: [subtopology_id, partitions [int32]]
 * 22   StreamsGroupCurrentMemberAssignment group, member  member_epoch int32, previous_member_epoch int32,
 *                                           state int8 (0 stable, 1 unrevoked, 2 unreleased), active, standby,
 *                                           warmup, then the same three pending revocation (task ids as in 21;
 *                                           Kafka's tag 0 "assignment epochs" is not written)
 * 23   StreamsGroupTopology        group    the topology exactly as the heartbeat request's Topology struct at
 *                                           version 0 (epoch, subtopologies with source topics, regexes,
 *                                           changelog, repartition sink and source topics, copartition groups):
 *                                           Kafka's StreamsGroupTopologyValue has the same layout
 * </pre>
 *
 * Type 18 (StreamsGroupPartitionMetadata of Kafka 4.0) is neither written nor read. A record without value
 * (tombstone) deletes the key. Stateless and thread-safe.
 */
public final class StreamsGroupRecords {
    public static final short GROUP_METADATA = 17;
    public static final short MEMBER_METADATA = 19;
    public static final short TARGET_ASSIGNMENT_METADATA = 20;
    public static final short TARGET_ASSIGNMENT_MEMBER = 21;
    public static final short CURRENT_MEMBER_ASSIGNMENT = 22;
    public static final short TOPOLOGY = 23;

    private static final short VERSION = 0;
    private static final String TAGS = "_tagged_fields";
    private static final Schema GROUP_KEY = new Schema(new Field("group_id", Type.STRING));
    private static final Schema MEMBER_KEY = new Schema(new Field("group_id", Type.STRING),
            new Field("member_id", Type.STRING));
    private static final Schema GROUP_VALUE = new Schema(new Field("epoch", Type.INT32),
            new Field("metadata_hash", Type.INT64),
            Field.TaggedFieldsSection.of(0, new Field("validated_topology_epoch", Type.INT32, "")));
    private static final Schema ENDPOINT = new Schema(new Field("host", Type.COMPACT_STRING),
            new Field("port", Type.UINT16), Field.TaggedFieldsSection.of());
    private static final Schema KEY_VALUE = new Schema(new Field("key", Type.COMPACT_STRING),
            new Field("value", Type.COMPACT_STRING), Field.TaggedFieldsSection.of());
    private static final Schema MEMBER_VALUE = new Schema(
            new Field("instance_id", Type.COMPACT_NULLABLE_STRING), new Field("rack_id", Type.COMPACT_NULLABLE_STRING),
            new Field("client_id", Type.COMPACT_STRING), new Field("client_host", Type.COMPACT_STRING),
            new Field("rebalance_timeout_ms", Type.INT32), new Field("topology_epoch", Type.INT32),
            new Field("process_id", Type.COMPACT_STRING), new Field("user_endpoint", new NullableStruct(ENDPOINT)),
            new Field("client_tags", new CompactArrayOf(KEY_VALUE)), Field.TaggedFieldsSection.of());
    private static final Schema TARGET_METADATA_VALUE = new Schema(new Field("assignment_epoch", Type.INT32),
            Field.TaggedFieldsSection.of(0, new Field("assignment_timestamp", Type.INT64, "")));
    private static final Schema TASK_IDS = new Schema(new Field("subtopology_id", Type.COMPACT_STRING),
            new Field("partitions", new CompactArrayOf(Type.INT32)), Field.TaggedFieldsSection.of());
    private static final Schema TARGET_MEMBER_VALUE = new Schema(
            new Field("active_tasks", new CompactArrayOf(TASK_IDS)),
            new Field("standby_tasks", new CompactArrayOf(TASK_IDS)),
            new Field("warmup_tasks", new CompactArrayOf(TASK_IDS)), Field.TaggedFieldsSection.of());
    private static final Schema CURRENT_ASSIGNMENT_VALUE = new Schema(new Field("member_epoch", Type.INT32),
            new Field("previous_member_epoch", Type.INT32), new Field("state", Type.INT8),
            new Field("active_tasks", new CompactArrayOf(TASK_IDS)),
            new Field("standby_tasks", new CompactArrayOf(TASK_IDS)),
            new Field("warmup_tasks", new CompactArrayOf(TASK_IDS)),
            new Field("active_tasks_pending_revocation", new CompactArrayOf(TASK_IDS)),
            new Field("standby_tasks_pending_revocation", new CompactArrayOf(TASK_IDS)),
            new Field("warmup_tasks_pending_revocation", new CompactArrayOf(TASK_IDS)), Field.TaggedFieldsSection.of());

    /** StreamsGroupMetadataValue: the group epoch, the hash of its topics and the topology epoch found valid. */
    public record Epoch(int epoch, long metadataHash, int validatedTopologyEpoch) {
    }

    /** A user endpoint for interactive queries. */
    public record Endpoint(String host, int port) {
    }

    /** StreamsGroupMemberMetadataValue: what a member sent about itself. */
    public record Member(String instanceId, String rackId, String clientId, String clientHost, int rebalanceTimeoutMs,
                         int topologyEpoch, String processId, Endpoint userEndpoint, SortedMap<String, String> clientTags) {
    }

    /**
     * Tasks by kind, each as subtopology id to partitions (never empty sets). Immutable once built with {@link #of}.
     */
    public record Tasks(SortedMap<String, SortedSet<Integer>> active, SortedMap<String, SortedSet<Integer>> standby,
                        SortedMap<String, SortedSet<Integer>> warmup) {
        public static final Tasks EMPTY = new Tasks(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

        public static Tasks of(Map<String, ? extends java.util.Collection<Integer>> active,
                               Map<String, ? extends java.util.Collection<Integer>> standby,
                               Map<String, ? extends java.util.Collection<Integer>> warmup) {
            return new Tasks(copy(active), copy(standby), copy(warmup));
        }

        public boolean isEmpty() {
            return active.isEmpty() && standby.isEmpty() && warmup.isEmpty();
        }

        /** A sorted, unmodifiable copy without empty entries. */
        public static SortedMap<String, SortedSet<Integer>> copy(Map<String, ? extends java.util.Collection<Integer>> in) {
            TreeMap<String, SortedSet<Integer>> out = new TreeMap<>();
            in.forEach((id, parts) -> {
                if (!parts.isEmpty()) {
                    out.put(id, Collections.unmodifiableSortedSet(new TreeSet<>(parts)));
                }
            });
            return Collections.unmodifiableSortedMap(out);
        }
    }

    /** StreamsGroupCurrentMemberAssignmentValue: a member's epochs, reconciliation state and tasks. */
    public record CurrentAssignment(int memberEpoch, int previousMemberEpoch, byte state, Tasks assigned,
                                    Tasks pendingRevocation) {
    }

    private StreamsGroupRecords() {
    }

    /** A nullable struct of a flexible version, as Kafka writes it: int8 -1 for null, else 1 and the struct. */
    private static final class NullableStruct extends Type {
        private final Schema schema;

        NullableStruct(Schema schema) {
            this.schema = schema;
        }

        @Override
        public void write(ByteBuffer buffer, Object o) {
            if (o == null) {
                buffer.put((byte) -1);
            } else {
                buffer.put((byte) 1);
                schema.write(buffer, o);
            }
        }

        @Override
        public Object read(ByteBuffer buffer) {
            return buffer.get() < 0 ? null : schema.read(buffer);
        }

        @Override
        public Object validate(Object o) {
            return o == null ? null : schema.validate(o);
        }

        @Override
        public int sizeOf(Object o) {
            return 1 + (o == null ? 0 : schema.sizeOf(o));
        }

        @Override
        public boolean isNullable() {
            return true;
        }

        @Override
        public String toString() {
            return "NULLABLE_STRUCT";
        }
    }

    // ---- keys ----

    private static ByteBuffer groupKey(short type, String groupId) {
        return CoordinatorRecord.prefixed(type, new Struct(GROUP_KEY).set("group_id", groupId));
    }

    private static ByteBuffer memberKey(short type, String groupId, String memberId) {
        return CoordinatorRecord.prefixed(type, new Struct(MEMBER_KEY).set("group_id", groupId)
                .set("member_id", memberId));
    }

    /** Decodes the rest of a key of a streams group type, or null for any other type. */
    static StreamsGroupKey decodeKey(short type, ByteBuffer afterType) {
        switch (type) {
            case GROUP_METADATA:
            case TARGET_ASSIGNMENT_METADATA:
            case TOPOLOGY:
                return new StreamsGroupKey(type, GROUP_KEY.read(afterType).getString("group_id"), null);
            case MEMBER_METADATA:
            case TARGET_ASSIGNMENT_MEMBER:
            case CURRENT_MEMBER_ASSIGNMENT: {
                Struct s = MEMBER_KEY.read(afterType);
                return new StreamsGroupKey(type, s.getString("group_id"), s.getString("member_id"));
            }
            default:
                return null;
        }
    }

    // ---- records ----

    public static CoordinatorRecord groupEpoch(String groupId, Epoch epoch) {
        TreeMap<Integer, Object> tags = new TreeMap<>();
        if (epoch.validatedTopologyEpoch() != -1) {
            tags.put(0, epoch.validatedTopologyEpoch());
        }
        return new CoordinatorRecord(groupKey(GROUP_METADATA, groupId), CoordinatorRecord.prefixed(VERSION,
                new Struct(GROUP_VALUE).set("epoch", epoch.epoch()).set("metadata_hash", epoch.metadataHash())
                        .set(TAGS, tags)));
    }

    public static CoordinatorRecord topology(String groupId, StreamsGroupHeartbeatRequestData.Topology topology) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = topology.size(cache, VERSION);
        ByteBuffer buffer = ByteBuffer.allocate(2 + size);
        buffer.putShort(VERSION);
        topology.write(new ByteBufferAccessor(buffer), cache, VERSION);
        return new CoordinatorRecord(groupKey(TOPOLOGY, groupId), buffer.flip());
    }

    public static CoordinatorRecord member(String groupId, String memberId, Member m) {
        List<Struct> tags = new ArrayList<>();
        m.clientTags().forEach((k, v) -> tags.add(new Struct(KEY_VALUE).set("key", k).set("value", v)
                .set(TAGS, new TreeMap<Integer, Object>())));
        Struct endpoint = m.userEndpoint() == null ? null : new Struct(ENDPOINT).set("host", m.userEndpoint().host())
                .set("port", m.userEndpoint().port()).set(TAGS, new TreeMap<Integer, Object>());
        Struct value = new Struct(MEMBER_VALUE).set("instance_id", m.instanceId()).set("rack_id", m.rackId())
                .set("client_id", m.clientId()).set("client_host", m.clientHost())
                .set("rebalance_timeout_ms", m.rebalanceTimeoutMs()).set("topology_epoch", m.topologyEpoch())
                .set("process_id", m.processId()).set("user_endpoint", endpoint)
                .set("client_tags", tags.toArray()).set(TAGS, new TreeMap<Integer, Object>());
        return new CoordinatorRecord(memberKey(MEMBER_METADATA, groupId, memberId),
                CoordinatorRecord.prefixed(VERSION, value));
    }

    public static CoordinatorRecord targetEpoch(String groupId, int assignmentEpoch, long timestampMs) {
        return new CoordinatorRecord(groupKey(TARGET_ASSIGNMENT_METADATA, groupId), CoordinatorRecord.prefixed(VERSION,
                new Struct(TARGET_METADATA_VALUE).set("assignment_epoch", assignmentEpoch)
                        .set(TAGS, new TreeMap<Integer, Object>(Map.of(0, timestampMs)))));
    }

    public static CoordinatorRecord targetMember(String groupId, String memberId, Tasks target) {
        return new CoordinatorRecord(memberKey(TARGET_ASSIGNMENT_MEMBER, groupId, memberId),
                CoordinatorRecord.prefixed(VERSION, new Struct(TARGET_MEMBER_VALUE)
                        .set("active_tasks", encode(target.active())).set("standby_tasks", encode(target.standby()))
                        .set("warmup_tasks", encode(target.warmup())).set(TAGS, new TreeMap<Integer, Object>())));
    }

    public static CoordinatorRecord currentAssignment(String groupId, String memberId, CurrentAssignment a) {
        Struct value = new Struct(CURRENT_ASSIGNMENT_VALUE).set("member_epoch", a.memberEpoch())
                .set("previous_member_epoch", a.previousMemberEpoch()).set("state", a.state())
                .set("active_tasks", encode(a.assigned().active()))
                .set("standby_tasks", encode(a.assigned().standby()))
                .set("warmup_tasks", encode(a.assigned().warmup()))
                .set("active_tasks_pending_revocation", encode(a.pendingRevocation().active()))
                .set("standby_tasks_pending_revocation", encode(a.pendingRevocation().standby()))
                .set("warmup_tasks_pending_revocation", encode(a.pendingRevocation().warmup()))
                .set(TAGS, new TreeMap<Integer, Object>());
        return new CoordinatorRecord(memberKey(CURRENT_MEMBER_ASSIGNMENT, groupId, memberId),
                CoordinatorRecord.prefixed(VERSION, value));
    }

    /** The tombstone of a group-level record (types 17, 20, 23). */
    public static CoordinatorRecord groupTombstone(short type, String groupId) {
        return new CoordinatorRecord(groupKey(type, groupId), null);
    }

    /** The tombstone of a member record (types 19, 21, 22). */
    public static CoordinatorRecord memberTombstone(short type, String groupId, String memberId) {
        return new CoordinatorRecord(memberKey(type, groupId, memberId), null);
    }

    // ---- values ----

    private static ByteBuffer afterVersion(ByteBuffer value, String what) {
        ByteBuffer buffer = value.duplicate();
        short version = buffer.getShort();
        if (version != VERSION) {
            throw new IllegalStateException("Unknown " + what + " value version " + version);
        }
        return buffer;
    }

    private static Struct read(Schema schema, ByteBuffer value, String what) {
        return schema.read(afterVersion(value, what));
    }

    public static Epoch decodeGroupEpoch(ByteBuffer value) {
        Struct s = read(GROUP_VALUE, value, "streams group metadata");
        Object validated = s.get(TAGS) instanceof Map<?, ?> tags ? tags.get(0) : null;
        return new Epoch(s.getInt("epoch"), s.getLong("metadata_hash"), validated instanceof Integer i ? i : -1);
    }

    public static StreamsGroupHeartbeatRequestData.Topology decodeTopology(ByteBuffer value) {
        return new StreamsGroupHeartbeatRequestData.Topology(new ByteBufferAccessor(afterVersion(value,
                "streams group topology")), VERSION);
    }

    public static Member decodeMember(ByteBuffer value) {
        Struct s = read(MEMBER_VALUE, value, "streams group member metadata");
        SortedMap<String, String> tags = new TreeMap<>();
        for (Object o : s.getArray("client_tags")) {
            Struct kv = (Struct) o;
            tags.put(kv.getString("key"), kv.getString("value"));
        }
        Struct endpoint = (Struct) s.get("user_endpoint");
        return new Member(s.getString("instance_id"), s.getString("rack_id"), s.getString("client_id"),
                s.getString("client_host"), s.getInt("rebalance_timeout_ms"), s.getInt("topology_epoch"),
                s.getString("process_id"),
                endpoint == null ? null : new Endpoint(endpoint.getString("host"), endpoint.getInt("port")),
                Collections.unmodifiableSortedMap(tags));
    }

    public static int decodeTargetEpoch(ByteBuffer value) {
        return read(TARGET_METADATA_VALUE, value, "streams group target assignment metadata").getInt("assignment_epoch");
    }

    /** When the target assignment was computed (epoch millis), 0 if the record does not say. */
    public static long decodeTargetTimestamp(ByteBuffer value) {
        Struct s = read(TARGET_METADATA_VALUE, value, "streams group target assignment metadata");
        return s.get(TAGS) instanceof Map<?, ?> tags && tags.get(0) instanceof Long timestamp ? timestamp : 0L;
    }

    public static Tasks decodeTargetMember(ByteBuffer value) {
        Struct s = read(TARGET_MEMBER_VALUE, value, "streams group target assignment");
        return new Tasks(decode(s.getArray("active_tasks")), decode(s.getArray("standby_tasks")),
                decode(s.getArray("warmup_tasks")));
    }

    public static CurrentAssignment decodeCurrentAssignment(ByteBuffer value) {
        Struct s = read(CURRENT_ASSIGNMENT_VALUE, value, "streams group current assignment");
        return new CurrentAssignment(s.getInt("member_epoch"), s.getInt("previous_member_epoch"), (byte) s.get("state"),
                new Tasks(decode(s.getArray("active_tasks")), decode(s.getArray("standby_tasks")),
                        decode(s.getArray("warmup_tasks"))),
                new Tasks(decode(s.getArray("active_tasks_pending_revocation")),
                        decode(s.getArray("standby_tasks_pending_revocation")),
                        decode(s.getArray("warmup_tasks_pending_revocation"))));
    }

    private static Object[] encode(SortedMap<String, SortedSet<Integer>> tasks) {
        List<Struct> out = new ArrayList<>();
        tasks.forEach((id, parts) -> {
            if (!parts.isEmpty()) {
                out.add(new Struct(TASK_IDS).set("subtopology_id", id).set("partitions", parts.toArray())
                        .set(TAGS, new TreeMap<Integer, Object>()));
            }
        });
        return out.toArray();
    }

    private static SortedMap<String, SortedSet<Integer>> decode(Object[] array) {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (Object o : array) {
            Struct t = (Struct) o;
            List<Integer> parts = out.computeIfAbsent(t.getString("subtopology_id"), k -> new ArrayList<>());
            for (Object p : t.getArray("partitions")) {
                parts.add((Integer) p);
            }
        }
        return Tasks.copy(out);
    }
}
