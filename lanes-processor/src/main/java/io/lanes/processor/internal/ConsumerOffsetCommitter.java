package io.lanes.processor.internal;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Commits through the consumer's {@code commitAsync} / {@code commitSync}. Poll thread only, as
 * the consumer.
 */
public final class ConsumerOffsetCommitter implements OffsetCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerOffsetCommitter.class);

    private final Consumer<?, ?> consumer;

    public ConsumerOffsetCommitter(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.warn("Offset commit failed, the next one repairs it: {}", error.toString());
            }
        });
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        consumer.commitSync(offsets);
    }
}
