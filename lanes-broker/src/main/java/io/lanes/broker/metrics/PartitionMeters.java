package io.lanes.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;

import java.util.List;

/**
 * The traffic counters of one partition, created once and cached by {@link TrafficMeters}, so the produce and
 * fetch paths count per request and partition without allocating:
 * <ul>
 *   <li>{@code lanes_partition_bytesin_total}, {@code lanes_partition_messagesin_total},
 *       {@code lanes_partition_bytesout_total} (tags {@code topic}, {@code partition})</li>
 *   <li>and the topic's Kafka BrokerTopicMetrics, shared by its partitions:
 *       {@code kafka_server_brokertopicmetrics_bytesin_total}, {@code ..._messagesin_total},
 *       {@code ..._bytesout_total} (tag {@code topic})</li>
 * </ul>
 * Thread-safe (Micrometer counters are).
 */
public final class PartitionMeters {
    /** Counts nothing: used while metrics are off. */
    static final PartitionMeters NONE = new PartitionMeters();

    private final Counter bytesIn;
    private final Counter messagesIn;
    private final Counter bytesOut;
    private final Counter topicBytesIn;
    private final Counter topicMessagesIn;
    private final Counter topicBytesOut;
    private final boolean counting;

    private PartitionMeters() {
        bytesIn = messagesIn = bytesOut = topicBytesIn = topicMessagesIn = topicBytesOut = null;
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
        topicBytesIn = Counter.builder("kafka.server.brokertopicmetrics.bytesin")
                .description("Bytes appended by producers").tag("topic", topic).register(registry);
        topicMessagesIn = Counter.builder("kafka.server.brokertopicmetrics.messagesin")
                .description("Records appended by producers").tag("topic", topic).register(registry);
        topicBytesOut = Counter.builder("kafka.server.brokertopicmetrics.bytesout")
                .description("Bytes sent to consumers").tag("topic", topic).register(registry);
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

    /** A fetch returned {@code bytes} bytes of this partition. */
    public void fetched(int bytes) {
        if (counting && bytes > 0) {
            bytesOut.increment(bytes);
            topicBytesOut.increment(bytes);
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

    /** The partition's own meters (not the topic's), to remove when the partition goes. */
    List<Meter> ownMeters() {
        return counting ? List.of(bytesIn, messagesIn, bytesOut) : List.of();
    }
}
