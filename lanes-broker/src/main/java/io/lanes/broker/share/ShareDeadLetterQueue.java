package io.lanes.broker.share;

import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.share.DeadLetter;
import io.lanes.storage.PartitionLog;
import io.lanes.storage.ReadResult;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The share-group dead-letter queue of KIP-1191, as Kafka 4.4 writes it: a record a share-partition archives
 * because its consumer rejected it or because it came back after its {@code share.delivery.count.limit}-th
 * delivery is first written to the group's DLQ topic ({@code errors.deadletterqueue.topic.name}), then archived.
 *
 * <p><b>When.</b> Only while {@code share.version} is finalized at 2 or more and the group names a DLQ topic. The
 * topic must not start with {@code __}, must start with the broker's {@code errors.deadletterqueue.topic.name.prefix}
 * (default {@code dlq.}; blank: any name) and must have the topic config {@code errors.deadletterqueue.group.enable=true};
 * a missing topic is created (default partitions, that config and {@code message.timestamp.type=CreateTime}) only
 * when the broker's {@code errors.deadletterqueue.auto.create.topics.enable} is true (default false). When a check
 * fails or the write fails, the record is archived all the same (Kafka logs and proceeds), so this never fails.
 *
 * <p><b>Record.</b> One record per offset, in the DLQ partition {@code source partition % DLQ partitions}, stamped
 * with the broker time, with the headers {@code __dlq.errors.topic} (source topic name), {@code __dlq.errors.partition},
 * {@code __dlq.errors.offset}, {@code __dlq.errors.group}, {@code __dlq.errors.delivery.count} and
 * {@code __dlq.errors.message} (the cause), all UTF-8 decimal or text. Key and value are null unless the group sets
 * {@code errors.deadletterqueue.copy.record.enable=true}, then they are the original record's; the original headers
 * are not copied (Kafka's behaviour).
 *
 * <p>Thread-safe: stateless apart from the topic manager, which serializes topic creation and appends.
 */
final class ShareDeadLetterQueue {
    static final String AUTO_CREATE = "errors.deadletterqueue.auto.create.topics.enable";
    static final String PREFIX = "errors.deadletterqueue.topic.name.prefix";
    static final String HEADER_TOPIC = "__dlq.errors.topic";
    static final String HEADER_PARTITION = "__dlq.errors.partition";
    static final String HEADER_OFFSET = "__dlq.errors.offset";
    static final String HEADER_GROUP = "__dlq.errors.group";
    static final String HEADER_DELIVERY_COUNT = "__dlq.errors.delivery.count";
    static final String HEADER_MESSAGE = "__dlq.errors.message";
    private static final Logger log = LoggerFactory.getLogger(ShareDeadLetterQueue.class);
    /** Enough to read the batches holding a few dead-lettered offsets (one batch is always read whole). */
    private static final int COPY_READ_BYTES = 1024 * 1024;

    private final TopicManager topics;
    private final ShareGroupConfigs configs;
    private final Supplier<Short> shareVersion;
    private final boolean autoCreate;
    private final String prefix;
    private final LongSupplier clock;

    ShareDeadLetterQueue(TopicManager topics, ShareGroupConfigs configs, Supplier<Short> shareVersion,
                         Map<String, String> brokerProps, LongSupplier clock) {
        this.topics = topics;
        this.configs = configs;
        this.shareVersion = shareVersion;
        this.autoCreate = Boolean.parseBoolean(brokerProps.getOrDefault(AUTO_CREATE, "false").trim());
        this.prefix = brokerProps.getOrDefault(PREFIX, "dlq.");
        this.clock = clock;
    }

    /**
     * Writes the dead letters of one share-partition to its group's DLQ, if it has one; the future completes once
     * they are durable (at once when nothing is written). Never fails: problems are logged.
     */
    CompletableFuture<Void> write(String groupId, PartitionLog source, List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty() || shareVersion.get() < 2) {
            return CompletableFuture.completedFuture(null);
        }
        String dlqTopic = configs.deadLetterTopic(groupId);
        if (dlqTopic.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            Optional<TopicInfo> topic = usableTopic(groupId, dlqTopic);
            if (topic.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            TopicPartition target = new TopicPartition(dlqTopic,
                    source.topicPartition().partition() % topic.get().partitions());
            PartitionLog dlq = topics.partition(target).orElseThrow(() ->
                    new IllegalStateException("DLQ partition " + target + " is missing"));
            MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                    records(groupId, source, deadLetters).toArray(SimpleRecord[]::new));
            long end = dlq.append(records).lastOffset() + 1;
            return dlq.awaitDurable(end).exceptionally(e -> {
                log.error("Failed to write to DLQ {} of share group {}, archiving regardless", dlqTopic, groupId, e);
                return null;
            });
        } catch (RuntimeException e) {
            log.error("Failed to write to DLQ {} of share group {}, archiving regardless", dlqTopic, groupId, e);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The DLQ topic if the group may write to it (Kafka's checks), created first where the broker allows. */
    private Optional<TopicInfo> usableTopic(String groupId, String dlqTopic) {
        if (dlqTopic.startsWith("__")) {
            log.warn("DLQ topic name {} of share group {} cannot start with __", dlqTopic, groupId);
            return Optional.empty();
        }
        if (!prefix.isEmpty() && !dlqTopic.startsWith(prefix)) {
            log.warn("DLQ topic {} of share group {} does not start with the DLQ prefix {}", dlqTopic, groupId, prefix);
            return Optional.empty();
        }
        Optional<TopicInfo> topic = topics.topic(dlqTopic);
        if (topic.isEmpty()) {
            if (!autoCreate) {
                log.warn("DLQ topic {} of share group {} does not exist and auto create is disabled", dlqTopic, groupId);
                return Optional.empty();
            }
            try {
                return Optional.of(topics.create(dlqTopic, -1, (short) -1,
                        Map.of(TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_CONFIG, "true",
                                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TimestampType.CREATE_TIME.name), false));
            } catch (TopicExistsException raced) {
                topic = topics.topic(dlqTopic);
            }
        }
        if (topic.isPresent() && !Boolean.parseBoolean(topic.get().configs()
                .getOrDefault(TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_CONFIG, "false").trim())) {
            log.warn("DLQ is not enabled on topic {} of share group {}", dlqTopic, groupId);
            return Optional.empty();
        }
        return topic;
    }

    private List<SimpleRecord> records(String groupId, PartitionLog source, List<DeadLetter> deadLetters) {
        Map<Long, Record> originals = configs.copyDeadLetterRecords(groupId) ? originals(source, deadLetters) : Map.of();
        long now = clock.getAsLong();
        String sourceTopic = source.topicPartition().topic();
        String partition = Integer.toString(source.topicPartition().partition());
        List<SimpleRecord> out = new ArrayList<>();
        for (DeadLetter letter : deadLetters) {
            Header[] headers = {
                header(HEADER_TOPIC, sourceTopic),
                header(HEADER_PARTITION, partition),
                header(HEADER_OFFSET, Long.toString(letter.offset())),
                header(HEADER_GROUP, groupId),
                header(HEADER_DELIVERY_COUNT, Short.toString(letter.deliveryCount())),
                header(HEADER_MESSAGE, letter.cause().message())
            };
            Record original = originals.get(letter.offset());
            ByteBuffer key = original != null && original.hasKey() ? original.key() : null;
            ByteBuffer value = original != null && original.hasValue() ? original.value() : null;
            out.add(new SimpleRecord(now, key, value, headers));
        }
        return out;
    }

    /** The original records of the dead-lettered offsets that the log still holds. */
    private static Map<Long, Record> originals(PartitionLog source, List<DeadLetter> deadLetters) {
        Map<Long, Record> found = new HashMap<>();
        Set<Long> wanted = new HashSet<>();
        deadLetters.forEach(letter -> wanted.add(letter.offset()));
        long next = deadLetters.stream().mapToLong(DeadLetter::offset).min().orElseThrow();
        long last = deadLetters.stream().mapToLong(DeadLetter::offset).max().orElseThrow();
        while (next <= last && next < source.highWatermark()) {
            ReadResult read = source.read(Math.max(next, source.logStartOffset()), COPY_READ_BYTES,
                    source.highWatermark(), true);
            if (read.records() == null || read.records().sizeInBytes() == 0) {
                break;
            }
            long before = next;
            for (RecordBatch batch : read.records().batches()) {
                for (Record record : batch) {
                    if (wanted.contains(record.offset())) {
                        found.put(record.offset(), record);
                    }
                }
                next = Math.max(next, batch.lastOffset() + 1);
            }
            if (next == before) {
                break;
            }
        }
        return found;
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
