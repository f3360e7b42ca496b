package io.lanes.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.util.List;

/**
 * The traffic counters of one partition, created once and cached by {@link TrafficMeters}, so the produce and
 * fetch paths count per request and partition without allocating:
 * <ul>
 *   <li>{@code lanes_partition_bytesin_total}, {@code lanes_partition_messagesin_total},
 *       {@code lanes_partition_bytesout_total}, {@code lanes_partition_messagesout_total} (tags {@code topic},
 *       {@code partition})</li>
 *   <li>and the topic's Kafka BrokerTopicMetrics, shared by its partitions:
 *       {@code kafka_server_brokertopicmetrics_bytesin_total}, {@code ..._messagesin_total},
 *       {@code ..._bytesout_total} (tag {@code topic}); Kafka counts no records out, so the topic's records out are
 *       {@code lanes_topic_messagesout_total} (tag {@code topic})</li>
 * </ul>
 * Records out are the records of the batches a fetch response carries (control records of transaction markers
 * left out), counted per batch from its header: the records of a batch's head below the fetch offset are sent
 * too, as Kafka sends them, and counted.
 * Thread-safe (Micrometer counters are).
 */
public final class PartitionMeters {
    /** Counts nothing: used while metrics are off. */
    static final PartitionMeters NONE = new PartitionMeters();

    private final Counter bytesIn;
    private final Counter messagesIn;
    private final Counter bytesOut;
    private final Counter messagesOut;
    private final Counter topicBytesIn;
    private final Counter topicMessagesIn;
    private final Counter topicBytesOut;
    private final Counter topicMessagesOut;
    private final boolean counting;

    private PartitionMeters() {
        bytesIn = messagesIn = bytesOut = messagesOut = topicBytesIn = topicMessagesIn = topicBytesOut = null;
        topicMessagesOut = null;
        counting = false;
    }

    PartitionMeters(MeterRegistry registry, TopicPartition tp) {
        String topic = tp.topic();
        String partition = Integer.toString(tp.partition());
        bytesIn = Counter.builder("lanes.partition.bytesin").description("Bytes appended by producers")
                .tags("topic", topic, "partition", partition).register(registry);
        messagesIn = Counter.builder("lanes.partition.messagesin").description("Records appended by producers")
                .tags("topic", topic, "partition", partition).register(registry);
        bytesOut = Counter.builder("lanes.partition.bytesout").description("Bytes sent to consumers")
                .tags("topic", topic, "partition", partition).register(registry);
        messagesOut = Counter.builder("lanes.partition.messagesout").description("Records sent to consumers")
                .tags("topic", topic, "partition", partition).register(registry);
        topicBytesIn = Counter.builder("kafka.server.brokertopicmetrics.bytesin")
                .description("Bytes appended by producers").tag("topic", topic).register(registry);
        topicMessagesIn = Counter.builder("kafka.server.brokertopicmetrics.messagesin")
                .description("Records appended by producers").tag("topic", topic).register(registry);
        topicBytesOut = Counter.builder("kafka.server.brokertopicmetrics.bytesout")
                .description("Bytes sent to consumers").tag("topic", topic).register(registry);
        topicMessagesOut = Counter.builder("lanes.topic.messagesout").description("Records sent to consumers")
                .tag("topic", topic).register(registry);
        counting = true;
    }

    /** A produce appended {@code records} records in {@code bytes} bytes. */
    public void produced(int bytes, int records) {
        if (counting) {
            bytesIn.increment(bytes);
            messagesIn.increment(records);
            topicBytesIn.increment(bytes);
            topicMessagesIn.increment(records);
        }
    }

    /** A fetch returned {@code bytes} bytes holding {@code records} records of this partition. */
    public void fetched(int bytes, int records) {
        if (counting && bytes > 0) {
            bytesOut.increment(bytes);
            topicBytesOut.increment(bytes);
            messagesOut.increment(records);
            topicMessagesOut.increment(records);
        }
    }

    /** True when this partition's traffic is counted (metrics on). */
    public boolean counting() {
        return counting;
    }

    /**
     * The records in {@code records}' batches, read from each batch's header (a file slice reads only headers),
     * control batches (transaction markers) left out ({@link BatchHeaders} for a file slice). A slice that cannot be
     * read any more (its segment deleted meanwhile) counts 0 or what was read: counting must never fail a fetch.
     */
    public static int records(BaseRecords sent) {
        try {
            if (sent instanceof FileRecords file) {
                Integer inFile = BatchHeaders.records(file);
                if (inFile != null) {
                    return inFile;
                }
            }
            if (!(sent instanceof Records records)) {
                return 0;
            }
            int count = 0;
            for (RecordBatch batch : records.batches()) {
                if (!batch.isControlBatch()) {
                    Integer inBatch = batch.countOrNull();
                    count += inBatch != null ? inBatch : (int) (batch.lastOffset() - batch.baseOffset() + 1);
                }
            }
            return count;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Records appended so far (for rates). */
    public double messagesIn() {
        return counting ? messagesIn.count() : 0;
    }

    public double bytesIn() {
        return counting ? bytesIn.count() : 0;
    }

    public double bytesOut() {
        return counting ? bytesOut.count() : 0;
    }

    /** Records sent to consumers so far. */
    public double messagesOut() {
        return counting ? messagesOut.count() : 0;
    }

    /** The partition's own meters (not the topic's), to remove when the partition goes. */
    List<Meter> ownMeters() {
        return counting ? List.of(bytesIn, messagesIn, bytesOut, messagesOut) : List.of();
    }
}
