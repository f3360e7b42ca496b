package io.lanes.broker.coordinator;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import io.lanes.storage.AppendOrigin;
import io.lanes.storage.AppendResult;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A coordinator's records go to its internal topic ({@code __consumer_offsets}, {@code __transaction_state})
 * through the normal partition logs: uncompressed magic v2 batches of at most {@link #MAX_BATCH_BYTES} each
 * (one append, all batches or none), stamped with the broker time, and acknowledged as acks=all (once durable).
 * The topic is created on first use, as in Kafka, so a broker that never serves a group or a transaction does
 * not pay for its partitions at start-up.
 *
 * <p>Thread-safe (partition logs serialize appends).
 */
public final class InternalTopicLog implements CoordinatorLog {
    /** Well below the default max.message.bytes, so large deletions still fit. */
    private static final int MAX_BATCH_BYTES = 512 * 1024;

    private final TopicManager topics;
    private final String topic;
    private final int partitions;
    private final Map<String, String> configs;

    /**
     * @param partitions the partition count to create the topic with, when it does not exist yet
     * @param configs    the topic configs to create it with
     */
    public InternalTopicLog(TopicManager topics, String topic, int partitions, Map<String, String> configs) {
        this.topics = topics;
        this.topic = topic;
        this.partitions = partitions;
        this.configs = Map.copyOf(configs);
    }

    /**
     * The log of an internal topic configured by broker properties {@code <prefix>.num.partitions} and
     * {@code <prefix>.segment.bytes} (Kafka's names: {@code offsets.topic}, {@code transaction.state.log}), created
     * compacted and keeping batches as the coordinator writes them.
     */
    public static InternalTopicLog configured(TopicManager topics, BrokerConfig config, String topic, String prefix) {
        Map<String, Object> values = config.values();
        return new InternalTopicLog(topics, topic, (Integer) values.get(prefix + ".num.partitions"),
                Map.of("cleanup.policy", "compact",
                        "segment.bytes", String.valueOf(values.get(prefix + ".segment.bytes")),
                        "compression.type", "producer"));
    }

    public String topic() {
        return topic;
    }

    /** The partitions the coordinator shards by: the existing topic's, else those it will be created with. */
    public int partitionCount() {
        return existing().map(TopicInfo::partitions).orElse(partitions);
    }

    /** Replays every record of the topic, if it exists, into {@code replay} (coordinator start-up). */
    public void load(InternalTopicLoader.Replay replay) {
        InternalTopicLoader.load(topics, topic, existing().isPresent() ? partitionCount() : 0, replay);
    }

    /**
     * Like {@link #load(InternalTopicLoader.Replay)}, then appends the current-format replacements of the keys whose
     * latest record was written in an earlier format (see {@link RecordUpgrades}), before the coordinator serves.
     */
    public void load(RecordUpgrades.Upgrade upgrade, InternalTopicLoader.Replay replay) {
        RecordUpgrades upgrades = new RecordUpgrades(replay, upgrade);
        load(upgrades);
        upgrades.appendTo(this);
    }

    /** The topic as it exists, if it does. */
    public Optional<TopicInfo> existing() {
        return topics.topic(topic);
    }

    /** Creates the topic if it does not exist yet. */
    public TopicInfo ensureCreated() {
        return existing().orElseGet(() -> {
            try {
                return topics.create(topic, partitions, (short) -1, configs, false);
            } catch (TopicExistsException raced) {
                return existing().orElseThrow();
            }
        });
    }

    @Override
    public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        return append(partition, toBatches(records, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH));
    }

    @Override
    public CompletableFuture<Void> appendTransactional(int partition, long producerId, short producerEpoch,
                                                       List<CoordinatorRecord> records) {
        return append(partition, toBatches(records, producerId, producerEpoch));
    }

    @Override
    public CompletableFuture<Void> appendMarker(int partition, long producerId, short producerEpoch, boolean commit,
                                                int coordinatorEpoch) {
        EndTransactionMarker marker = new EndTransactionMarker(
                commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch);
        return append(partition, MemoryRecords.withEndTransactionMarker(System.currentTimeMillis(), producerId,
                producerEpoch, marker));
    }

    private CompletableFuture<Void> append(int partition, MemoryRecords batches) {
        ensureCreated();
        PartitionLog log = topics.partition(new TopicPartition(topic, partition)).orElseThrow(() ->
                new CoordinatorNotAvailableException("Partition " + partition + " of " + topic + " is missing"));
        AppendResult result = log.append(batches, AppendOrigin.COORDINATOR);
        return log.awaitDurable(result.lastOffset() + 1);
    }

    private static MemoryRecords toBatches(List<CoordinatorRecord> records, long producerId, short producerEpoch) {
        long now = System.currentTimeMillis();
        List<ByteBuffer> batches = new ArrayList<>();
        List<SimpleRecord> current = new ArrayList<>();
        int currentBytes = 0;
        for (CoordinatorRecord record : records) {
            SimpleRecord simple = new SimpleRecord(now, record.key(), record.value());
            int size = record.key().remaining() + (record.value() == null ? 0 : record.value().remaining()) + 32;
            if (!current.isEmpty() && currentBytes + size > MAX_BATCH_BYTES) {
                batches.add(batch(current, producerId, producerEpoch));
                current.clear();
                currentBytes = 0;
            }
            current.add(simple);
            currentBytes += size;
        }
        batches.add(batch(current, producerId, producerEpoch));
        if (batches.size() == 1) {
            return MemoryRecords.readableRecords(batches.get(0));
        }
        ByteBuffer all = ByteBuffer.allocate(batches.stream().mapToInt(ByteBuffer::remaining).sum());
        batches.forEach(b -> all.put(b.duplicate()));
        return MemoryRecords.readableRecords(all.flip());
    }

    /**
     * A plain batch, or a transactional one. Its sequence numbers start at 0 every time: the log checks
     * sequences of client writes only, and the coordinator never retries an append.
     */
    private static ByteBuffer batch(List<SimpleRecord> records, long producerId, short producerEpoch) {
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return MemoryRecords.withRecords(Compression.NONE, records.toArray(SimpleRecord[]::new)).buffer();
        }
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, producerEpoch,
                0, records.toArray(SimpleRecord[]::new)).buffer();
    }
}
