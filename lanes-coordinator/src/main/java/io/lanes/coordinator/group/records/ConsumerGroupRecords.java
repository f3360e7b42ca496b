package io.lanes.coordinator.group.records;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntBiFunction;

/**
 * The records of KIP-848 consumer groups in {@code __consumer_offsets}, in Apache Kafka 4.4's formats, so that
 * Kafka's decoders read them. Keys are not flexible: int16 record type, then {@code string} fields (int16 length +
 * UTF-8). Values are int16 version 0, flexible: compact strings and arrays (unsigned varint length + 1), uuid as 16
 * bytes, and a tagged-fields section at the end of every struct.
 *
 * <pre>
 * type key                          value (version 0)
 * 3    ConsumerGroupMetadata        group           epoch int32; tag 0: metadata_hash int64 (written when not 0)
 * 4    ConsumerGroupPartitionMetadata group         (Kafka 4.1 no longer writes it; only its tombstone on deletion)
 * 5    ConsumerGroupMemberMetadata  group, member   instance_id?, rack_id?, client_id, client_host,
 *                                                   subscribed_topic_names [string], subscribed_topic_regex?,
 *                                                   rebalance_timeout_ms int32, server_assignor?
 * 6    ConsumerGroupTargetAssignmentMetadata group  assignment_epoch int32; tag 0: assignment_timestamp int64
 *                                                   (ms when the assignment was computed; written when not 0)
 * 7    ConsumerGroupTargetAssignmentMember group, member   topic_partitions [topic_id uuid, partitions [int32]]
 * 8    ConsumerGroupCurrentMemberAssignment group, member  member_epoch int32, previous_member_epoch int32,
 *                                                   state int8 (0 stable, 1 unrevoked, 2 unreleased),
 *                                                   assigned_partitions, partitions_pending_revocation
 *                                                   (both [topic_id uuid, partitions [int32]; tag 0:
 *                                                   assignment_epochs [int32], one per partition, in order])
 * 16   ConsumerGroupRegularExpression group, regex  topics [string], version int64, timestamp int64
 * </pre>
 *
 * A record without value (tombstone) deletes the key. The metadata hash is Lanes' own hash of the subscribed topics'
 * names and partition counts ({@link #metadataHash}): Kafka only compares it with the last one, as Lanes does.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConsumerGroupRecords {
    public static final short GROUP_METADATA = 3;
    public static final short PARTITION_METADATA = 4;
    public static final short MEMBER_METADATA = 5;
    public static final short TARGET_ASSIGNMENT_METADATA = 6;
    public static final short TARGET_ASSIGNMENT_MEMBER = 7;
    public static final short CURRENT_MEMBER_ASSIGNMENT = 8;
    public static final short REGULAR_EXPRESSION = 16;

    private static final short VERSION = 0;
    private static final String TAGS = "_tagged_fields";
    /** Tag 0 of member metadata as Kafka writes it for a member on the consumer protocol: a null struct. */
    private static final RawTaggedField NO_CLASSIC_MEMBER_METADATA = new RawTaggedField(0, new byte[] {0});
    private static final Schema GROUP_KEY = new Schema(new Field("group_id", Type.STRING));
    private static final Schema MEMBER_KEY = new Schema(new Field("group_id", Type.STRING),
            new Field("member_id", Type.STRING));
    private static final Schema REGEX_KEY = new Schema(new Field("group_id", Type.STRING),
            new Field("regular_expression", Type.STRING));
    private static final Schema GROUP_VALUE = new Schema(new Field("epoch", Type.INT32),
            Field.TaggedFieldsSection.of(0, new Field("metadata_hash", Type.INT64, "")));
    private static final Schema MEMBER_VALUE = new Schema(
            new Field("instance_id", Type.COMPACT_NULLABLE_STRING), new Field("rack_id", Type.COMPACT_NULLABLE_STRING),
            new Field("client_id", Type.COMPACT_STRING), new Field("client_host", Type.COMPACT_STRING),
            new Field("subscribed_topic_names", new CompactArrayOf(Type.COMPACT_STRING)),
            new Field("subscribed_topic_regex", Type.COMPACT_NULLABLE_STRING),
            new Field("rebalance_timeout_ms", Type.INT32), new Field("server_assignor", Type.COMPACT_NULLABLE_STRING),
            // tag 0 (ClassicMemberMetadata) holds the classic protocols of a member that joined with the classic
            // protocol, which Lanes does not keep in consumer groups: written as Kafka writes it for other members
            // (a null struct); read, it is kept as a raw tagged field and ignored
            Field.TaggedFieldsSection.of());
    private static final Schema TARGET_METADATA_VALUE = new Schema(new Field("assignment_epoch", Type.INT32),
            Field.TaggedFieldsSection.of(0, new Field("assignment_timestamp", Type.INT64, "")));
    private static final Schema TOPIC_PARTITIONS = new Schema(new Field("topic_id", Type.UUID),
            new Field("partitions", new CompactArrayOf(Type.INT32)), Field.TaggedFieldsSection.of());
    private static final Schema TARGET_MEMBER_VALUE = new Schema(
            new Field("topic_partitions", new CompactArrayOf(TOPIC_PARTITIONS)), Field.TaggedFieldsSection.of());
    /** A current assignment's partitions of one topic, with the epoch at which the member got each (KIP-1251). */
    private static final Schema OWNED_PARTITIONS = new Schema(new Field("topic_id", Type.UUID),
            new Field("partitions", new CompactArrayOf(Type.INT32)),
            Field.TaggedFieldsSection.of(0, new Field("assignment_epochs", CompactArrayOf.nullable(Type.INT32), "")));
    private static final Schema CURRENT_ASSIGNMENT_VALUE = new Schema(new Field("member_epoch", Type.INT32),
            new Field("previous_member_epoch", Type.INT32), new Field("state", Type.INT8),
            new Field("assigned_partitions", new CompactArrayOf(OWNED_PARTITIONS)),
            new Field("partitions_pending_revocation", new CompactArrayOf(OWNED_PARTITIONS)),
            Field.TaggedFieldsSection.of());
    private static final Schema REGEX_VALUE = new Schema(new Field("topics", new CompactArrayOf(Type.COMPACT_STRING)),
            new Field("version", Type.INT64), new Field("timestamp", Type.INT64), Field.TaggedFieldsSection.of());

    /** ConsumerGroupMetadataValue: the group epoch and the hash of the subscribed topics it was bumped for. */
    public record Epoch(int epoch, long metadataHash) {
    }

    /** ConsumerGroupMemberMetadataValue: what a member sent about itself. */
    public record Member(String instanceId, String rackId, String clientId, String clientHost,
                         List<String> subscribedTopicNames, String subscribedTopicRegex, int rebalanceTimeoutMs,
                         String serverAssignor) {
    }

    /**
     * ConsumerGroupCurrentMemberAssignmentValue: a member's epochs, reconciliation state and partitions, and the
     * epoch at which it got each partition it owns (assigned or pending revocation; topic id to partition to
     * epoch). A partition missing there (a record written before Kafka 4.4 or by Lanes before) has no known epoch.
     */
    public record CurrentAssignment(int memberEpoch, int previousMemberEpoch, byte state,
                                    Map<Uuid, Set<Integer>> assigned, Map<Uuid, Set<Integer>> pendingRevocation,
                                    Map<Uuid, Map<Integer, Integer>> assignmentEpochs) {
    }

    /** ConsumerGroupTargetAssignmentMetadataValue: the target assignment's epoch and when it was computed (0: not). */
    public record TargetEpoch(int epoch, long timestampMs) {
    }

    /**
     * ConsumerGroupRegularExpressionValue: the topics a regular expression resolved to. Kafka's version is the
     * offset of the metadata image it resolved against; Lanes has no such offset and writes 0.
     */
    public record ResolvedRegex(Set<String> topics, long version, long timestampMs) {
    }

    private ConsumerGroupRecords() {
    }

    // ---- keys ----

    private static ByteBuffer groupKey(short type, String groupId) {
        return CoordinatorRecord.prefixed(type, new Struct(GROUP_KEY).set("group_id", groupId));
    }

    private static ByteBuffer memberKey(short type, String groupId, String memberId) {
        return CoordinatorRecord.prefixed(type, new Struct(MEMBER_KEY).set("group_id", groupId).set("member_id", memberId));
    }

    /** Decodes a key of a consumer group type after its int16 type; null if {@code type} is not one of them. */
    static ConsumerGroupKey decodeKey(short type, ByteBuffer afterType) {
        switch (type) {
            case GROUP_METADATA:
            case PARTITION_METADATA:
            case TARGET_ASSIGNMENT_METADATA:
            case GroupRecords.CONSUMER_GROUP_KEY_TYPE:
                return new ConsumerGroupKey(type, GROUP_KEY.read(afterType).getString("group_id"), null);
            case MEMBER_METADATA:
            case TARGET_ASSIGNMENT_MEMBER:
            case CURRENT_MEMBER_ASSIGNMENT: {
                Struct s = MEMBER_KEY.read(afterType);
                return new ConsumerGroupKey(type, s.getString("group_id"), s.getString("member_id"));
            }
            case REGULAR_EXPRESSION: {
                Struct s = REGEX_KEY.read(afterType);
                return new ConsumerGroupKey(type, s.getString("group_id"), s.getString("regular_expression"));
            }
            default:
                return null;
        }
    }

    // ---- records ----

    public static CoordinatorRecord groupEpoch(String groupId, int epoch, long metadataHash) {
        TreeMap<Integer, Object> tags = new TreeMap<>();
        if (metadataHash != 0) {
            tags.put(0, metadataHash);
        }
        return new CoordinatorRecord(groupKey(GROUP_METADATA, groupId),
                CoordinatorRecord.prefixed(VERSION, new Struct(GROUP_VALUE).set("epoch", epoch).set(TAGS, tags)));
    }

    public static CoordinatorRecord groupEpochTombstone(String groupId) {
        return new CoordinatorRecord(groupKey(GROUP_METADATA, groupId), null);
    }

    public static CoordinatorRecord partitionMetadataTombstone(String groupId) {
        return new CoordinatorRecord(groupKey(PARTITION_METADATA, groupId), null);
    }

    public static CoordinatorRecord member(String groupId, String memberId, Member m) {
        Struct value = new Struct(MEMBER_VALUE).set("instance_id", m.instanceId()).set("rack_id", m.rackId())
                .set("client_id", m.clientId()).set("client_host", m.clientHost())
                .set("subscribed_topic_names", m.subscribedTopicNames().toArray())
                // Kafka writes "" for a member without a regular expression
                .set("subscribed_topic_regex", m.subscribedTopicRegex() == null ? "" : m.subscribedTopicRegex())
                .set("rebalance_timeout_ms", m.rebalanceTimeoutMs()).set("server_assignor", m.serverAssignor())
                .set(TAGS, new TreeMap<Integer, Object>(Map.of(0, NO_CLASSIC_MEMBER_METADATA)));
        return new CoordinatorRecord(memberKey(MEMBER_METADATA, groupId, memberId),
                CoordinatorRecord.prefixed(VERSION, value));
    }

    public static CoordinatorRecord memberTombstone(String groupId, String memberId) {
        return new CoordinatorRecord(memberKey(MEMBER_METADATA, groupId, memberId), null);
    }

    /** @param timestampMs when the assignment was computed; 0 when none was (a group left empty) */
    public static CoordinatorRecord targetEpoch(String groupId, int assignmentEpoch, long timestampMs) {
        TreeMap<Integer, Object> tags = new TreeMap<>();
        if (timestampMs != 0) {
            tags.put(0, timestampMs);
        }
        return new CoordinatorRecord(groupKey(TARGET_ASSIGNMENT_METADATA, groupId), CoordinatorRecord.prefixed(VERSION,
                new Struct(TARGET_METADATA_VALUE).set("assignment_epoch", assignmentEpoch).set(TAGS, tags)));
    }

    public static CoordinatorRecord targetEpochTombstone(String groupId) {
        return new CoordinatorRecord(groupKey(TARGET_ASSIGNMENT_METADATA, groupId), null);
    }

    public static CoordinatorRecord targetMember(String groupId, String memberId, Map<Uuid, Set<Integer>> target) {
        return new CoordinatorRecord(memberKey(TARGET_ASSIGNMENT_MEMBER, groupId, memberId),
                CoordinatorRecord.prefixed(VERSION, new Struct(TARGET_MEMBER_VALUE)
                        .set("topic_partitions", encode(TOPIC_PARTITIONS, target, null)).set(TAGS, new TreeMap<Integer, Object>())));
    }

    public static CoordinatorRecord targetMemberTombstone(String groupId, String memberId) {
        return new CoordinatorRecord(memberKey(TARGET_ASSIGNMENT_MEMBER, groupId, memberId), null);
    }

    public static CoordinatorRecord currentAssignment(String groupId, String memberId, CurrentAssignment a) {
        Struct value = new Struct(CURRENT_ASSIGNMENT_VALUE).set("member_epoch", a.memberEpoch())
                .set("previous_member_epoch", a.previousMemberEpoch()).set("state", a.state())
                .set("assigned_partitions", encode(OWNED_PARTITIONS, a.assigned(), a.assignmentEpochs()))
                .set("partitions_pending_revocation", encode(OWNED_PARTITIONS, a.pendingRevocation(),
                        a.assignmentEpochs()))
                .set(TAGS, new TreeMap<Integer, Object>());
        return new CoordinatorRecord(memberKey(CURRENT_MEMBER_ASSIGNMENT, groupId, memberId),
                CoordinatorRecord.prefixed(VERSION, value));
    }

    public static CoordinatorRecord currentAssignmentTombstone(String groupId, String memberId) {
        return new CoordinatorRecord(memberKey(CURRENT_MEMBER_ASSIGNMENT, groupId, memberId), null);
    }

    public static CoordinatorRecord regex(String groupId, String regex, ResolvedRegex resolved) {
        Struct value = new Struct(REGEX_VALUE).set("topics", new TreeSet<>(resolved.topics()).toArray())
                .set("version", resolved.version()).set("timestamp", resolved.timestampMs())
                .set(TAGS, new TreeMap<Integer, Object>());
        return new CoordinatorRecord(regexKey(groupId, regex), CoordinatorRecord.prefixed(VERSION, value));
    }

    public static CoordinatorRecord regexTombstone(String groupId, String regex) {
        return new CoordinatorRecord(regexKey(groupId, regex), null);
    }

    private static ByteBuffer regexKey(String groupId, String regex) {
        return CoordinatorRecord.prefixed(REGULAR_EXPRESSION, new Struct(REGEX_KEY).set("group_id", groupId)
                .set("regular_expression", regex));
    }

    // ---- values ----

    private static Struct read(Schema schema, ByteBuffer value, String what) {
        ByteBuffer buffer = value.duplicate();
        short version = buffer.getShort();
        if (version != VERSION) {
            throw new IllegalStateException("Unknown " + what + " value version " + version);
        }
        return schema.read(buffer);
    }

    public static Epoch decodeGroupEpoch(ByteBuffer value) {
        Struct s = read(GROUP_VALUE, value, "consumer group metadata");
        Object hash = s.get(TAGS) instanceof Map<?, ?> tags ? tags.get(0) : null;
        return new Epoch(s.getInt("epoch"), hash instanceof Long l ? l : 0L);
    }

    public static Member decodeMember(ByteBuffer value) {
        Struct s = read(MEMBER_VALUE, value, "consumer group member metadata");
        List<String> topics = new ArrayList<>();
        for (Object o : s.getArray("subscribed_topic_names")) {
            topics.add((String) o);
        }
        return new Member(s.getString("instance_id"), s.getString("rack_id"), s.getString("client_id"),
                s.getString("client_host"), topics, emptyToNull(s.getString("subscribed_topic_regex")),
                s.getInt("rebalance_timeout_ms"), s.getString("server_assignor"));
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    public static TargetEpoch decodeTargetEpoch(ByteBuffer value) {
        Struct s = read(TARGET_METADATA_VALUE, value, "consumer group target assignment metadata");
        Object timestamp = s.get(TAGS) instanceof Map<?, ?> tags ? tags.get(0) : null;
        return new TargetEpoch(s.getInt("assignment_epoch"), timestamp instanceof Long l ? l : 0L);
    }

    public static Map<Uuid, Set<Integer>> decodeTargetMember(ByteBuffer value) {
        return decode(read(TARGET_MEMBER_VALUE, value, "consumer group target assignment").getArray("topic_partitions"),
                null);
    }

    public static CurrentAssignment decodeCurrentAssignment(ByteBuffer value) {
        Struct s = read(CURRENT_ASSIGNMENT_VALUE, value, "consumer group current assignment");
        Map<Uuid, Map<Integer, Integer>> epochs = new TreeMap<>();
        return new CurrentAssignment(s.getInt("member_epoch"), s.getInt("previous_member_epoch"), (byte) s.get("state"),
                decode(s.getArray("assigned_partitions"), epochs),
                decode(s.getArray("partitions_pending_revocation"), epochs), epochs);
    }

    public static ResolvedRegex decodeRegex(ByteBuffer value) {
        Struct s = read(REGEX_VALUE, value, "consumer group regular expression");
        Set<String> topics = new TreeSet<>();
        for (Object o : s.getArray("topics")) {
            topics.add((String) o);
        }
        return new ResolvedRegex(topics, s.getLong("version"), s.getLong("timestamp"));
    }

    /**
     * The hash of the subscribed topics (name to partition count) written as the group's metadata hash: 0 for none,
     * else FNV-1a (64 bit) over the names and counts in name order. Stable across restarts and JVMs.
     */
    public static long metadataHash(SortedMap<String, Integer> topics) {
        if (topics.isEmpty()) {
            return 0;
        }
        long hash = 0xcbf29ce484222325L;
        for (Map.Entry<String, Integer> e : topics.entrySet()) {
            for (byte b : e.getKey().getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
            }
            hash = (hash ^ 0xff) * 0x100000001b3L;
            int n = e.getValue();
            for (int shift = 24; shift >= 0; shift -= 8) {
                hash = (hash ^ ((n >>> shift) & 0xff)) * 0x100000001b3L;
            }
        }
        return hash == 0 ? 1 : hash;
    }

    /**
     * Topic partitions in Kafka's order, as {@code schema} structs. With {@code epochs} (current assignments), each
     * topic carries its partitions' assignment epochs (tag 0); a partition without a known epoch gets {@code 0}, as
     * Kafka gives a partition whose epoch it reset. Without ({@code null}: target assignments), no tag.
     */
    private static Object[] encode(Schema schema, Map<Uuid, Set<Integer>> partitions,
                                   Map<Uuid, Map<Integer, Integer>> epochs) {
        List<Struct> out = new ArrayList<>();
        new TreeMap<>(partitions).forEach((id, parts) -> {
            if (!parts.isEmpty()) {
                TreeSet<Integer> sorted = new TreeSet<>(parts);
                TreeMap<Integer, Object> tags = new TreeMap<>();
                if (epochs != null) {
                    Map<Integer, Integer> known = epochs.getOrDefault(id, Map.of());
                    tags.put(0, sorted.stream().map(p -> known.getOrDefault(p, 0)).toArray());
                }
                out.add(new Struct(schema).set("topic_id", id).set("partitions", sorted.toArray()).set(TAGS, tags));
            }
        });
        return out.toArray();
    }

    /**
     * Topic partitions from their structs; when {@code epochs} is given, adds the assignment epochs of each topic
     * whose record has one per partition (records before Kafka 4.4 have none).
     */
    private static Map<Uuid, Set<Integer>> decode(Object[] array, Map<Uuid, Map<Integer, Integer>> epochs) {
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        for (Object o : array) {
            Struct t = (Struct) o;
            Uuid id = (Uuid) t.get("topic_id");
            Object[] partitions = t.getArray("partitions");
            for (Object p : partitions) {
                out.computeIfAbsent(id, k -> new TreeSet<>()).add((Integer) p);
            }
            Object tagged = epochs != null && t.get(TAGS) instanceof Map<?, ?> tags ? tags.get(0) : null;
            if (tagged instanceof Object[] partitionEpochs && partitionEpochs.length == partitions.length) {
                Map<Integer, Integer> topic = epochs.computeIfAbsent(id, k -> new TreeMap<>());
                for (int i = 0; i < partitions.length; i++) {
                    topic.put((Integer) partitions[i], (Integer) partitionEpochs[i]);
                }
            }
        }
        return out;
    }

    /** Each partition of {@code assigned} and {@code pending}, by topic id, with the epoch {@code epochOf} gives it. */
    public static Map<Uuid, Map<Integer, Integer>> assignmentEpochs(Map<Uuid, Set<Integer>> assigned,
                                                                   Map<Uuid, Set<Integer>> pending,
                                                                   ToIntBiFunction<Uuid, Integer> epochOf) {
        Map<Uuid, Map<Integer, Integer>> epochs = new TreeMap<>();
        for (Map<Uuid, Set<Integer>> partitions : List.of(assigned, pending)) {
            partitions.forEach((id, indexes) -> indexes.forEach(index ->
                    epochs.computeIfAbsent(id, k -> new TreeMap<>()).put(index, epochOf.applyAsInt(id, index))));
        }
        return epochs;
    }
}
