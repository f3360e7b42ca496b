package io.lanes.processor.internal;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/**
 * Commits what completed. The default commits through the consumer; a transactional output mode
 * would send the offsets with {@code Producer.sendOffsetsToTransaction} instead.
 *
 * <p>Called only from the poll thread.
 */
public interface OffsetCommitter {

    /** Commits in the background, on the commit interval; a failure is logged and the next commit repairs it. */
    void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Commits and waits, before partitions are released and on close. */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);
}
