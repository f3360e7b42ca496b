package io.lanes.ops.records;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Produces records (UTF-8 keys, values and header values) to an existing topic and waits until
 * every one is acknowledged as {@code acks} asks ({@code all}, {@code 1} or {@code 0}: with 0 a
 * record counts once sent). The topic (and the partition, if one is given) is checked first, so
 * an unknown topic is an {@link UnknownTopicOrPartitionException} and nothing is written, and the
 * producer never auto-creates it. One call, one producer; thread-safe.
 */
public final class RecordWriter {
    private final Map<String, Object> clientConfig;
    private final Duration timeout;

    /** @param clientConfig bootstrap, timeouts, security settings: shared by the Admin and the producer */
    public RecordWriter(Map<String, Object> clientConfig, Duration timeout) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.timeout = timeout;
    }

    /**
     * Writes the records in order.
     *
     * @param partition null: the producer's partitioner chooses (by key hash, as Kafka's default does)
     * @return the metadata of each record, in order (offset -1 with acks=0)
     */
    public List<RecordMetadata> write(String topic, Integer partition, String acks, List<OutgoingRecord> records)
            throws ExecutionException, InterruptedException {
        checkTarget(topic, partition);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put("acks", acks);
        config.put("max.block.ms", timeout.toMillis());
        long requestTimeout = Long.parseLong(String.valueOf(config.getOrDefault("request.timeout.ms", 30_000)));
        long linger = Long.parseLong(String.valueOf(config.getOrDefault("linger.ms", 5)));
        // the producer insists on delivery.timeout.ms >= linger.ms + request.timeout.ms
        config.putIfAbsent("delivery.timeout.ms", (int) (requestTimeout + linger));
        List<RecordMetadata> written = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (OutgoingRecord record : records) {
                sent.add(producer.send(producerRecord(topic, partition, record)));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                written.add(future.get());
            }
        }
        return written;
    }

    private void checkTarget(String topic, Integer partition) throws ExecutionException, InterruptedException {
        TopicDescription description;
        try (Admin admin = Admin.create(clientConfig)) {
            description = admin.describeTopics(Set.of(topic),
                    new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis())).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ExecutionException(new UnknownTopicOrPartitionException("topic '" + topic + "' does not exist"));
            }
            throw e;
        }
        int count = description.partitions().size();
        if (partition != null && (partition < 0 || partition >= count)) {
            throw new ExecutionException(new UnknownTopicOrPartitionException("partition " + partition + " of topic '"
                    + topic + "' does not exist (it has " + count + ")"));
        }
    }

    private static ProducerRecord<byte[], byte[]> producerRecord(String topic, Integer partition, OutgoingRecord r) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition,
                r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8),
                r.value().getBytes(StandardCharsets.UTF_8));
        r.headers().forEach(h -> record.headers().add(new RecordHeader(h.getKey(),
                h.getValue() == null ? null : h.getValue().getBytes(StandardCharsets.UTF_8))));
        return record;
    }
}
