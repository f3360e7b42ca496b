package io.lanes.broker.handlers.group;

import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import org.apache.kafka.common.errors.TopicExistsException;
import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import io.lanes.storage.AppendOrigin;
import io.lanes.storage.AppendResult;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The group coordinator's records go to {@code __consumer_offsets} through the normal partition
 * logs: uncompressed magic v2 batches of at most {@link #MAX_BATCH_BYTES} each (one append, all
 * batches or none), stamped with the broker time, and acknowledged as acks=all (once durable).
 *
 * <p>Thread-safe (partition logs serialize appends).
 */
final class OffsetsTopicLog implements CoordinatorLog {
    static final String TOPIC = Topic.GROUP_METADATA_TOPIC_NAME;
    /** Well below the default max.message.bytes, so large deletions still fit. */
    private static final int MAX_BATCH_BYTES = 512 * 1024;

    private final TopicManager topics;
    private final int partitions;
    private final Map<String, String> configs;

    /**
     * @param partitions the partition count to create the topic with, when it does not exist yet
     * @param configs    the topic configs to create it with
     */
    OffsetsTopicLog(TopicManager topics, int partitions, Map<String, String> configs) {
        this.topics = topics;
        this.partitions = partitions;
        this.configs = Map.copyOf(configs);
    }

    /** The topic as it exists, if it does. */
    Optional<TopicInfo> existing() {
        return topics.topic(TOPIC);
    }

    /**
     * Creates the topic if it does not exist yet. Like Kafka, it is created on first use (the
     * first group FindCoordinator or coordinator write), so a broker that never serves a group
     * does not pay for its partitions at start-up.
     */
    TopicInfo ensureCreated() {
        return existing().orElseGet(() -> {
            try {
                return topics.create(TOPIC, partitions, (short) -1, configs, false);
            } catch (TopicExistsException raced) {
                return existing().orElseThrow();
            }
        });
    }

    @Override
    public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
        ensureCreated();
        PartitionLog log = topics.partition(new TopicPartition(TOPIC, partition)).orElseThrow(() ->
                new CoordinatorNotAvailableException("Partition " + partition + " of " + TOPIC + " is missing"));
        AppendResult result = log.append(toBatches(records), AppendOrigin.COORDINATOR);
        return log.awaitDurable(result.lastOffset() + 1);
    }

    private static MemoryRecords toBatches(List<CoordinatorRecord> records) {
        long now = System.currentTimeMillis();
        List<ByteBuffer> batches = new ArrayList<>();
        List<SimpleRecord> current = new ArrayList<>();
        int currentBytes = 0;
        for (CoordinatorRecord record : records) {
            SimpleRecord simple = new SimpleRecord(now, record.key(), record.value());
            int size = record.key().remaining() + (record.value() == null ? 0 : record.value().remaining()) + 32;
            if (!current.isEmpty() && currentBytes + size > MAX_BATCH_BYTES) {
                batches.add(MemoryRecords.withRecords(Compression.NONE, current.toArray(SimpleRecord[]::new)).buffer());
                current.clear();
                currentBytes = 0;
            }
            current.add(simple);
            currentBytes += size;
        }
        batches.add(MemoryRecords.withRecords(Compression.NONE, current.toArray(SimpleRecord[]::new)).buffer());
        if (batches.size() == 1) {
            return MemoryRecords.readableRecords(batches.get(0));
        }
        ByteBuffer all = ByteBuffer.allocate(batches.stream().mapToInt(ByteBuffer::remaining).sum());
        batches.forEach(b -> all.put(b.duplicate()));
        return MemoryRecords.readableRecords(all.flip());
    }
}
