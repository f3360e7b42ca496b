package io.lanes.ops.skew;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a bounded sample of a topic's records without joining a group (assign and seek; nothing is
 * committed). The sample is spread over the partitions in proportion to their record counts (log end
 * minus log start), so key shares estimated from it are not biased towards small partitions; each
 * partition's records are read from its end (the newest) or its beginning. Reading stops when every
 * partition has given its quota or at the deadline, whichever comes first: a sample cut short by the
 * deadline is smaller, never wrong. Not thread-safe (a {@link Consumer} is not); one sample at a time.
 */
public final class RecordSampler {
    private final Consumer<byte[], byte[]> consumer;
    private final Duration timeout;

    /**
     * @param consumer a consumer with byte-array deserializers and no group subscription; the sampler assigns it
     * @param timeout  the bound on each metadata request and on the whole read
     */
    public RecordSampler(Consumer<byte[], byte[]> consumer, Duration timeout) {
        this.consumer = consumer;
        this.timeout = timeout;
    }

    /** At most {@code size} records of {@code topic}, one {@link PartitionSample} per partition, by partition. */
    public List<PartitionSample> sample(String topic, int size, SampleFrom from) {
        if (size < 1) {
            throw new IllegalArgumentException("the sample size must be at least 1, got " + size);
        }
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new UnknownTopicOrPartitionException("unknown topic " + topic);
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> counts = new HashMap<>();
        partitions.forEach(tp -> counts.put(tp, Math.max(0, ends.get(tp) - starts.get(tp))));
        Map<TopicPartition, Long> quotas = SampleQuotas.proportional(counts, size);

        Map<TopicPartition, Long> firstAt = new HashMap<>();
        Map<TopicPartition, Long> stopAt = new HashMap<>();
        Map<TopicPartition, List<SampledRecord>> read = new HashMap<>();
        List<TopicPartition> toRead = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            read.put(tp, new ArrayList<>());
            long quota = quotas.getOrDefault(tp, 0L);
            if (quota > 0) {
                long first = from == SampleFrom.END ? Math.max(starts.get(tp), ends.get(tp) - quota) : starts.get(tp);
                firstAt.put(tp, first);
                stopAt.put(tp, from == SampleFrom.END ? ends.get(tp) : Math.min(ends.get(tp), first + quota));
                toRead.add(tp);
            }
        }
        consumer.assign(toRead);
        for (TopicPartition tp : toRead) {
            consumer.seek(tp, firstAt.get(tp));
        }
        readUntilDone(toRead, stopAt, quotas, read);
        consumer.assign(List.of());
        return partitions.stream()
                .map(tp -> new PartitionSample(tp.partition(), starts.get(tp), ends.get(tp), read.get(tp)))
                .toList();
    }

    private void readUntilDone(List<TopicPartition> toRead, Map<TopicPartition, Long> stopAt,
                               Map<TopicPartition, Long> quotas, Map<TopicPartition, List<SampledRecord>> read) {
        Set<TopicPartition> pending = new HashSet<>(toRead);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            for (TopicPartition tp : records.partitions()) {
                List<SampledRecord> into = read.get(tp);
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (record.offset() < stopAt.get(tp) && into.size() < quotas.get(tp)) {
                        into.add(new SampledRecord(record.key(), size(record)));
                    }
                }
            }
            // a partition is done at its stop offset, which may hold fewer records than offsets
            // (transaction markers, compacted-away records), or when its quota is full
            for (TopicPartition tp : new ArrayList<>(pending)) {
                if (read.get(tp).size() >= quotas.get(tp) || consumer.position(tp, timeout) >= stopAt.get(tp)) {
                    pending.remove(tp);
                    consumer.pause(List.of(tp));
                }
            }
        }
    }

    private static int size(ConsumerRecord<byte[], byte[]> record) {
        int bytes = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        for (Header header : record.headers()) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }
}
