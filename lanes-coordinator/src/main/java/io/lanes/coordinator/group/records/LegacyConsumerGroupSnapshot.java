package io.lanes.coordinator.group.records;

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
 * The whole-group snapshot Lanes wrote for a KIP-848 group before it wrote Kafka's per-member records: key type
 * {@link GroupRecords#CONSUMER_GROUP_KEY_TYPE} (1000), or type 3 before that; value int16 version (0 or 1), then
 * group_epoch int32, assignment_epoch int32, assignor nullable string, state_timestamp int64, metadata array of
 * [topic string, partitions int32], members array of [member_id, instance_id?, rack_id?, client_id, client_host,
 * subscribed [string], server_assignor?, rebalance_timeout int32, member_epoch int32, previous_epoch int32,
 * state int8, assigned, pending_revocation, target, subscribed_regex? (version 1)], each assignment an array of
 * [topic_id uuid, partitions [int32]].
 *
 * <p>Such a snapshot is read as the {@link ConsumerGroupRecords} Kafka would have written for the same group
 * ({@link #toRecords}): replaying those gives the group's state, and {@link GroupRecords#upgrade} writes them.
 * The state timestamp and assignor name are not part of Kafka's records and are dropped (both are derived now);
 * regular expressions are resolved again on the next heartbeat.
 *
 * <p>Stateless and thread-safe.
 */
public final class LegacyConsumerGroupSnapshot {
    /** The smallest snapshot value: version, two epochs, a null assignor, a timestamp and two empty arrays. */
    private static final int MIN_SIZE = 2 + 4 + 4 + 2 + 8 + 4 + 4;
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
    private static final Schema MEMBER_V1 = new Schema(withRegex(MEMBER_V0_FIELDS));
    private static final Schema GROUP_V0 = group(MEMBER_V0);
    private static final Schema GROUP_V1 = group(MEMBER_V1);

    /** A member as the snapshot held it. */
    public record Member(String memberId, ConsumerGroupRecords.Member metadata,
                         ConsumerGroupRecords.CurrentAssignment current, Map<Uuid, Set<Integer>> target) {
    }

    /** A group as the snapshot held it. */
    public record Snapshot(int groupEpoch, int assignmentEpoch, String assignor, long stateTimestampMs,
                           Map<String, Integer> subscriptionMetadata, List<Member> members) {
    }

    private LegacyConsumerGroupSnapshot() {
    }

    private static Schema group(Schema member) {
        return new Schema(
                new Field("group_epoch", Type.INT32), new Field("assignment_epoch", Type.INT32),
                new Field("assignor", Type.NULLABLE_STRING), new Field("state_timestamp", Type.INT64),
                new Field("metadata", new ArrayOf(METADATA)), new Field("members", new ArrayOf(member)));
    }

    private static Field[] withRegex(Field[] fields) {
        Field[] out = Arrays.copyOf(fields, fields.length + 1);
        out[fields.length] = new Field("subscribed_regex", Type.NULLABLE_STRING);
        return out;
    }

    /**
     * Whether a value under key type 3 is Lanes' old snapshot rather than Kafka's ConsumerGroupMetadataValue: Kafka's
     * is version 0 and at most 17 bytes (epoch and the metadata hash tag); a snapshot is version 1, or version 0 of
     * at least {@value #MIN_SIZE} bytes.
     */
    public static boolean isSnapshot(ByteBuffer value) {
        short version = value.getShort(value.position());
        return version == 1 || (version == 0 && value.remaining() >= MIN_SIZE);
    }

    /** The records Kafka writes for the group the snapshot holds, in Kafka's order for a whole group. */
    public static List<CoordinatorRecord> toRecords(String groupId, ByteBuffer value) {
        Snapshot s = decode(value);
        List<CoordinatorRecord> out = new ArrayList<>();
        s.members().forEach(m -> out.add(ConsumerGroupRecords.member(groupId, m.memberId(), m.metadata())));
        out.add(ConsumerGroupRecords.groupEpoch(groupId, s.groupEpoch(),
                ConsumerGroupRecords.metadataHash(new TreeMap<>(s.subscriptionMetadata()))));
        s.members().forEach(m -> out.add(ConsumerGroupRecords.targetMember(groupId, m.memberId(), m.target())));
        out.add(ConsumerGroupRecords.targetEpoch(groupId, s.assignmentEpoch(), 0L));
        s.members().forEach(m -> out.add(ConsumerGroupRecords.currentAssignment(groupId, m.memberId(), m.current())));
        return out;
    }

    public static Snapshot decode(ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        short version = buffer.getShort();
        if (version != 0 && version != 1) {
            throw new IllegalStateException("Unknown consumer group snapshot version " + version);
        }
        Struct s = (version == 0 ? GROUP_V0 : GROUP_V1).read(buffer);
        Map<String, Integer> metadata = new TreeMap<>();
        for (Object o : s.getArray("metadata")) {
            Struct t = (Struct) o;
            metadata.put(t.getString("topic"), t.getInt("partitions"));
        }
        List<Member> members = new ArrayList<>();
        for (Object o : s.getArray("members")) {
            Struct m = (Struct) o;
            List<String> subscribed = new ArrayList<>();
            for (Object t : m.getArray("subscribed")) {
                subscribed.add((String) t);
            }
            ConsumerGroupRecords.Member metadataValue = new ConsumerGroupRecords.Member(m.getString("instance_id"),
                    m.getString("rack_id"), m.getString("client_id"), m.getString("client_host"), subscribed,
                    version >= 1 ? m.getString("subscribed_regex") : null, m.getInt("rebalance_timeout"),
                    m.getString("server_assignor"));
            Map<Uuid, Set<Integer>> assigned = assignment(m.getArray("assigned"));
            Map<Uuid, Set<Integer>> pending = assignment(m.getArray("pending_revocation"));
            int memberEpoch = m.getInt("member_epoch");
            // the snapshot kept no assignment epochs: every partition counts from the member's epoch (the strictest)
            ConsumerGroupRecords.CurrentAssignment current = new ConsumerGroupRecords.CurrentAssignment(
                    memberEpoch, m.getInt("previous_epoch"), (byte) m.get("state"), assigned, pending,
                    ConsumerGroupRecords.assignmentEpochs(assigned, pending, (topicId, index) -> memberEpoch));
            members.add(new Member(m.getString("member_id"), metadataValue, current, assignment(m.getArray("target"))));
        }
        return new Snapshot(s.getInt("group_epoch"), s.getInt("assignment_epoch"), s.getString("assignor"),
                s.getLong("state_timestamp"), metadata, members);
    }

    /** A snapshot value (version 1) as Lanes wrote it before (for conversion tests). */
    public static ByteBuffer encode(Snapshot snapshot) {
        List<Struct> metadata = new ArrayList<>();
        snapshot.subscriptionMetadata().forEach((t, n) -> metadata.add(new Struct(METADATA).set("topic", t)
                .set("partitions", n)));
        List<Struct> members = new ArrayList<>();
        for (Member m : snapshot.members()) {
            ConsumerGroupRecords.Member md = m.metadata();
            ConsumerGroupRecords.CurrentAssignment c = m.current();
            members.add(new Struct(MEMBER_V1).set("member_id", m.memberId()).set("instance_id", md.instanceId())
                    .set("rack_id", md.rackId()).set("client_id", md.clientId()).set("client_host", md.clientHost())
                    .set("subscribed", md.subscribedTopicNames().toArray()).set("server_assignor", md.serverAssignor())
                    .set("rebalance_timeout", md.rebalanceTimeoutMs()).set("member_epoch", c.memberEpoch())
                    .set("previous_epoch", c.previousMemberEpoch()).set("state", c.state())
                    .set("assigned", encode(c.assigned())).set("pending_revocation", encode(c.pendingRevocation()))
                    .set("target", encode(m.target())).set("subscribed_regex", md.subscribedTopicRegex()));
        }
        return CoordinatorRecord.prefixed((short) 1, new Struct(GROUP_V1).set("group_epoch", snapshot.groupEpoch())
                .set("assignment_epoch", snapshot.assignmentEpoch()).set("assignor", snapshot.assignor())
                .set("state_timestamp", snapshot.stateTimestampMs()).set("metadata", metadata.toArray())
                .set("members", members.toArray()));
    }

    private static Object[] encode(Map<Uuid, Set<Integer>> assignment) {
        List<Struct> out = new ArrayList<>();
        assignment.forEach((id, parts) -> out.add(new Struct(TOPIC_PARTITIONS).set("topic_id", id)
                .set("partitions", parts.toArray())));
        return out.toArray();
    }

    private static Map<Uuid, Set<Integer>> assignment(Object[] array) {
        Map<Uuid, Set<Integer>> out = new TreeMap<>();
        for (Object o : array) {
            Struct t = (Struct) o;
            Set<Integer> parts = new TreeSet<>();
            for (Object p : t.getArray("partitions")) {
                parts.add((Integer) p);
            }
            out.put((Uuid) t.get("topic_id"), parts);
        }
        return out;
    }
}
