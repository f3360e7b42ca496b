package io.lanes.ops.lag;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Follows {@code __consumer_offsets} from its end, as Burrow does, so that every offset commit is
 * seen, including commits that repeat the same offset. The records must be in Apache Kafka's
 * format ({@link OffsetCommitDecoder}); {@link #open} and {@link #poll} say when they cannot be
 * read so that the caller can fall back to sampling. The consumer should read committed records
 * only ({@code isolation.level=read_committed}) so aborted transactional commits are not counted.
 * Not thread-safe; it owns and closes the consumer.
 */
public final class CommitLogReader implements AutoCloseable {
    public static final String TOPIC = "__consumer_offsets";

    private final Consumer<byte[], byte[]> consumer;
    private final OffsetCommitDecoder decoder = new OffsetCommitDecoder();

    private CommitLogReader(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /**
     * Assigns every partition of {@code __consumer_offsets} and positions the consumer at their ends.
     *
     * @throws CommitLogUnavailableException when the topic cannot be found or read
     */
    public static CommitLogReader open(Consumer<byte[], byte[]> consumer, Duration timeout) {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new CommitLogUnavailableException(TOPIC + " is not in the cluster's metadata");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(TOPIC, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(tp -> consumer.position(tp, timeout));
            return new CommitLogReader(consumer);
        } catch (CommitLogUnavailableException e) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
            throw e;
        } catch (RuntimeException e) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
            throw new CommitLogUnavailableException(TOPIC + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * The commits that arrived since the last call, in log order per partition.
     *
     * @throws CommitLogUnavailableException when a record is not in Kafka's format or the topic cannot be read
     */
    public List<OffsetCommit> poll(Duration timeout) {
        List<OffsetCommit> commits = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
                Optional<OffsetCommit> commit = decoder.decode(wrap(record.key()), wrap(record.value()));
                commit.ifPresent(commits::add);
            }
        } catch (CommitRecordException e) {
            throw new CommitLogUnavailableException(TOPIC + " is not in Apache Kafka's record format ("
                    + e.getMessage() + ")");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new CommitLogUnavailableException(TOPIC + " cannot be read: " + e.getMessage());
        }
        return commits;
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
    }
}
