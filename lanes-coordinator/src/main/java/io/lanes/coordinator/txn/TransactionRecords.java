package io.lanes.coordinator.txn;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Serializes the records of {@code __transaction_state} in Apache Kafka's format (TransactionLogKey,
 * TransactionLogValue version 1, as Kafka 4.4 writes them with transaction version 1 or 2), so that
 * {@code kafka-dump-log --transaction-log-decoder} and Kafka's console formatter read Lanes' topic.
 * Built with kafka-clients' {@code protocol.types}; big-endian; {@code compact} strings and arrays
 * are an unsigned varint length + 1, tagged fields are Kafka's flexible-version tagged fields:
 *
 * <pre>
 * key   = int16 record type = 0, transactional_id string (int16 length + UTF-8)
 * value = int16 version = 1, producer_id int64, producer_epoch int16, transaction_timeout_ms int32,
 *         transaction_status int8 (see {@link TransactionState#id()}),
 *         transaction_partitions compact array of [topic compact string,
 *                                                  partition_ids compact array of int32, tagged fields],
 *         transaction_last_update_timestamp_ms int64, transaction_start_timestamp_ms int64 (-1 = none),
 *         tagged fields: Kafka's 0 previous_producer_id int64, 1 next_producer_id int64 (each written unless -1),
 *                        2 client_transaction_version int16 (written unless 0),
 *                        3 next_producer_epoch (never written, as by Kafka);
 *                        Lanes' 10000 last_producer_epoch int16 (written when set)
 * </pre>
 *
 * Kafka's readers keep the tagged field they do not know aside and ignore it; Lanes keeps the previous epoch
 * there so that a retried InitProducerId is still recognised after a restart, as before a restart. Each record
 * is the whole state of its transactional id after a change; a tombstone (no value) forgets the id. Keys of
 * another type decode to null (skipped).
 *
 * <p><b>Lanes' earlier format</b> had the same key and a version 0 value: producer_id int64, producer_epoch
 * int16, last_producer_epoch int16, timeout_ms int32, state int8, partitions array of [topic string,
 * partitions array of int32], start_timestamp int64, last_update_timestamp int64. Lanes never writes Kafka's
 * version 0, so a version 0 value is read as that layout, and {@link #upgrade} rewrites it at start-up.
 *
 * <p>Stateless and thread-safe.
 */
public final class TransactionRecords {
    static final short TRANSACTION_KEY_TYPE = 0;
    private static final short VALUE_VERSION = 1;
    private static final short LEGACY_VALUE_VERSION = 0;
    /** Lanes' own tag: far above Kafka's (0-3) so Kafka's later tags do not collide with it. */
    private static final int LAST_PRODUCER_EPOCH_TAG = 10000;
    private static final int PREVIOUS_PRODUCER_ID_TAG = 0;
    private static final int NEXT_PRODUCER_ID_TAG = 1;
    private static final int CLIENT_TRANSACTION_VERSION_TAG = 2;
    private static final String TAGGED_FIELDS = "_tagged_fields";

    private static final Schema KEY = new Schema(new Field("transactional_id", Type.STRING));
    private static final Schema TOPIC = new Schema(new Field("topic", Type.COMPACT_STRING),
            new Field("partition_ids", new CompactArrayOf(Type.INT32)), Field.TaggedFieldsSection.of());
    private static final Schema VALUE = new Schema(
            new Field("producer_id", Type.INT64), new Field("producer_epoch", Type.INT16),
            new Field("transaction_timeout_ms", Type.INT32), new Field("transaction_status", Type.INT8),
            new Field("transaction_partitions", new CompactArrayOf(TOPIC)),
            new Field("transaction_last_update_timestamp_ms", Type.INT64),
            new Field("transaction_start_timestamp_ms", Type.INT64),
            Field.TaggedFieldsSection.of(
                    0, new Field("previous_producer_id", Type.INT64, ""),
                    1, new Field("next_producer_id", Type.INT64, ""),
                    2, new Field("client_transaction_version", Type.INT16, ""),
                    3, new Field("next_producer_epoch", Type.INT16, ""),
                    LAST_PRODUCER_EPOCH_TAG, new Field("last_producer_epoch", Type.INT16, "")));

    private static final Schema LEGACY_TOPIC = new Schema(new Field("topic", Type.STRING),
            new Field("partitions", new ArrayOf(Type.INT32)));
    private static final Schema LEGACY_VALUE = new Schema(
            new Field("producer_id", Type.INT64), new Field("producer_epoch", Type.INT16),
            new Field("last_producer_epoch", Type.INT16), new Field("timeout_ms", Type.INT32),
            new Field("state", Type.INT8), new Field("partitions", new ArrayOf(LEGACY_TOPIC)),
            new Field("start_timestamp", Type.INT64), new Field("last_update_timestamp", Type.INT64));

    private TransactionRecords() {
    }

    public static CoordinatorRecord record(TransactionMetadata txn) {
        List<Struct> topics = new ArrayList<>();
        byTopic(txn.partitions()).forEach((topic, partitions) -> topics.add(new Struct(TOPIC)
                .set("topic", topic).set("partition_ids", partitions.toArray())
                .set(TAGGED_FIELDS, new TreeMap<Integer, Object>())));
        NavigableMap<Integer, Object> tagged = new TreeMap<>();
        if (txn.prevProducerId() != RecordBatch.NO_PRODUCER_ID) {
            tagged.put(PREVIOUS_PRODUCER_ID_TAG, txn.prevProducerId());
        }
        if (txn.nextProducerId() != RecordBatch.NO_PRODUCER_ID) {
            tagged.put(NEXT_PRODUCER_ID_TAG, txn.nextProducerId());
        }
        if (txn.clientTransactionVersion() != 0) {
            tagged.put(CLIENT_TRANSACTION_VERSION_TAG, txn.clientTransactionVersion());
        }
        if (txn.lastProducerEpoch() != RecordBatch.NO_PRODUCER_EPOCH) {
            tagged.put(LAST_PRODUCER_EPOCH_TAG, txn.lastProducerEpoch());
        }
        Struct value = new Struct(VALUE)
                .set("producer_id", txn.producerId())
                .set("producer_epoch", txn.producerEpoch())
                .set("transaction_timeout_ms", txn.timeoutMs())
                .set("transaction_status", txn.state().id())
                .set("transaction_partitions", topics.toArray())
                .set("transaction_last_update_timestamp_ms", txn.lastUpdateTimestampMs())
                .set("transaction_start_timestamp_ms", txn.startTimestampMs())
                .set(TAGGED_FIELDS, tagged);
        return new CoordinatorRecord(key(txn.transactionalId()), CoordinatorRecord.prefixed(VALUE_VERSION, value));
    }

    /** A record as Lanes wrote it before adopting Kafka's format (for conversion tests). */
    public static CoordinatorRecord legacyRecord(TransactionMetadata txn) {
        List<Struct> topics = new ArrayList<>();
        byTopic(txn.partitions()).forEach((topic, partitions) -> topics.add(new Struct(LEGACY_TOPIC)
                .set("topic", topic).set("partitions", partitions.toArray())));
        Struct value = new Struct(LEGACY_VALUE)
                .set("producer_id", txn.producerId())
                .set("producer_epoch", txn.producerEpoch())
                .set("last_producer_epoch", txn.lastProducerEpoch())
                .set("timeout_ms", txn.timeoutMs())
                .set("state", txn.state().id())
                .set("partitions", topics.toArray())
                .set("start_timestamp", txn.startTimestampMs())
                .set("last_update_timestamp", txn.lastUpdateTimestampMs());
        return new CoordinatorRecord(key(txn.transactionalId()), CoordinatorRecord.prefixed(LEGACY_VALUE_VERSION, value));
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

    /** Decodes a TransactionLogValue of version 1, or Lanes' earlier layout (version 0). */
    public static TransactionMetadata decodeValue(String transactionalId, ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        short version = buffer.getShort();
        if (version == LEGACY_VALUE_VERSION) {
            return decodeLegacy(transactionalId, buffer);
        }
        if (version != VALUE_VERSION) {
            throw new IllegalStateException("Unknown transaction log value version " + version);
        }
        Struct s = VALUE.read(buffer);
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (Object t : s.getArray("transaction_partitions")) {
            Struct topic = (Struct) t;
            for (Object p : topic.getArray("partition_ids")) {
                partitions.add(new TopicPartition(topic.getString("topic"), (Integer) p));
            }
        }
        NavigableMap<?, ?> tagged = (NavigableMap<?, ?>) s.get(TAGGED_FIELDS);
        Object lastEpoch = tagged.get(LAST_PRODUCER_EPOCH_TAG);
        Object prev = tagged.get(PREVIOUS_PRODUCER_ID_TAG);
        Object next = tagged.get(NEXT_PRODUCER_ID_TAG);
        Object clientVersion = tagged.get(CLIENT_TRANSACTION_VERSION_TAG);
        return new TransactionMetadata(transactionalId, s.getLong("producer_id"), s.getShort("producer_epoch"),
                lastEpoch == null ? RecordBatch.NO_PRODUCER_EPOCH : (Short) lastEpoch, s.getInt("transaction_timeout_ms"),
                TransactionState.fromId((byte) s.get("transaction_status")), partitions,
                s.getLong("transaction_start_timestamp_ms"), s.getLong("transaction_last_update_timestamp_ms"),
                prev == null ? RecordBatch.NO_PRODUCER_ID : (Long) prev,
                next == null ? RecordBatch.NO_PRODUCER_ID : (Long) next,
                clientVersion == null ? 0 : (Short) clientVersion);
    }

    /**
     * The records that replace a record of Lanes' earlier format (the same state in Kafka's format under the same
     * key), or null if the record is in the current format or a tombstone.
     */
    public static List<CoordinatorRecord> upgrade(ByteBuffer key, ByteBuffer value) {
        String id = decodeKey(key);
        if (id == null || value == null || value.getShort(value.position()) != LEGACY_VALUE_VERSION) {
            return null;
        }
        return List.of(record(decodeValue(id, value)));
    }

    private static TransactionMetadata decodeLegacy(String transactionalId, ByteBuffer afterVersion) {
        Struct s = LEGACY_VALUE.read(afterVersion);
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (Object t : s.getArray("partitions")) {
            Struct topic = (Struct) t;
            for (Object p : topic.getArray("partitions")) {
                partitions.add(new TopicPartition(topic.getString("topic"), (Integer) p));
            }
        }
        return new TransactionMetadata(transactionalId, s.getLong("producer_id"), s.getShort("producer_epoch"),
                s.getShort("last_producer_epoch"), s.getInt("timeout_ms"), TransactionState.fromId((byte) s.get("state")),
                partitions, s.getLong("start_timestamp"), s.getLong("last_update_timestamp"));
    }

    private static Map<String, List<Integer>> byTopic(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        return byTopic;
    }

    private static ByteBuffer key(String transactionalId) {
        return CoordinatorRecord.prefixed(TRANSACTION_KEY_TYPE, new Struct(KEY).set("transactional_id", transactionalId));
    }
}
