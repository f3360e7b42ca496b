package io.lanes.processor.internal;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Commits through the consumer: {@code commitAsync} on the interval (a failure is logged, the next
 * commit repairs it), {@code commitSync} of the releasing partitions before they go. Poll thread
 * only, as the consumer.
 */
public final class ConsumerOffsetCommitter implements OffsetCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerOffsetCommitter.class);

    private final Consumer<?, ?> consumer;

    public ConsumerOffsetCommitter(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    @Override
    public void commitChanged(AssignedPartitions partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = partitions.changedCommits();
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.warn("Offset commit failed, the next one repairs it: {}", error.toString());
            }
        });
    }

    @Override
    public void commitReleasing(AssignedPartitions partitions, List<PartitionState> releasing) {
        Map<TopicPartition, OffsetAndMetadata> offsets = AssignedPartitions.currentCommits(releasing);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // close() woke the consumer while it was not polling: the wake-up is spent, commit again.
            consumer.commitSync(offsets);
        }
    }
}
