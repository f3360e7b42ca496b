package io.lanes.coordinator.txn;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serializes the records of {@code __transaction_state}. Lanes' own format, big-endian, built with
 * kafka-clients' {@code protocol.types} (strings are int16 length + UTF-8):
 *
 * <pre>
 * key   = int16 type = 0, transactional_id string
 * value = int16 version = 0, producer_id int64, producer_epoch int16, last_producer_epoch int16,
 *         timeout_ms int32, state int8 (see {@link TransactionState#id()}),
 *         partitions array of [topic string, partitions array of int32],
 *         start_timestamp int64 (-1 = no transaction), last_update_timestamp int64
 * </pre>
 *
 * Each record is the whole state of its transactional id after a change; a tombstone (no value) forgets the id.
 * Keys of another type decode to null (an older reader skips them); unknown value versions are rejected.
 *
 * <p>Stateless and thread-safe.
 */
public final class TransactionRecords {
    static final short TRANSACTION_KEY_TYPE = 0;
    private static final short VALUE_VERSION = 0;

    private static final Schema KEY = new Schema(new Field("transactional_id", Type.STRING));
    private static final Schema TOPIC = new Schema(new Field("topic", Type.STRING),
            new Field("partitions", new ArrayOf(Type.INT32)));
    private static final Schema VALUE = new Schema(
            new Field("producer_id", Type.INT64), new Field("producer_epoch", Type.INT16),
            new Field("last_producer_epoch", Type.INT16), new Field("timeout_ms", Type.INT32),
            new Field("state", Type.INT8), new Field("partitions", new ArrayOf(TOPIC)),
            new Field("start_timestamp", Type.INT64), new Field("last_update_timestamp", Type.INT64));

    private TransactionRecords() {
    }

    public static CoordinatorRecord record(TransactionMetadata txn) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : txn.partitions()) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<Struct> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new Struct(TOPIC)
                .set("topic", topic).set("partitions", partitions.toArray())));
        Struct value = new Struct(VALUE)
                .set("producer_id", txn.producerId())
                .set("producer_epoch", txn.producerEpoch())
                .set("last_producer_epoch", txn.lastProducerEpoch())
                .set("timeout_ms", txn.timeoutMs())
                .set("state", txn.state().id())
                .set("partitions", topics.toArray())
                .set("start_timestamp", txn.startTimestampMs())
                .set("last_update_timestamp", txn.lastUpdateTimestampMs());
        return new CoordinatorRecord(key(txn.transactionalId()), CoordinatorRecord.prefixed(VALUE_VERSION, value));
    }

    public static CoordinatorRecord tombstone(String transactionalId) {
        return new CoordinatorRecord(key(transactionalId), null);
    }

    /** The transactional id of a key, or null for a key type this version does not know. */
    public static String decodeKey(ByteBuffer key) {
        ByteBuffer buffer = key.duplicate();
        if (buffer.getShort() != TRANSACTION_KEY_TYPE) {
            return null;
        }
        return KEY.read(buffer).getString("transactional_id");
    }

    public static TransactionMetadata decodeValue(String transactionalId, ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        short version = buffer.getShort();
        if (version != VALUE_VERSION) {
            throw new IllegalStateException("Unknown transaction record value version " + version);
        }
        Struct s = VALUE.read(buffer);
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (Object t : s.getArray("partitions")) {
            Struct topic = (Struct) t;
            for (Object p : topic.getArray("partitions")) {
                partitions.add(new TopicPartition(topic.getString("topic"), (Integer) p));
            }
        }
        return new TransactionMetadata(transactionalId, s.getLong("producer_id"), s.getShort("producer_epoch"),
                s.getShort("last_producer_epoch"), s.getInt("timeout_ms"), TransactionState.fromId(s.getByte("state")),
                partitions, s.getLong("start_timestamp"), s.getLong("last_update_timestamp"));
    }

    private static ByteBuffer key(String transactionalId) {
        return CoordinatorRecord.prefixed(TRANSACTION_KEY_TYPE, new Struct(KEY).set("transactional_id", transactionalId));
    }
}
