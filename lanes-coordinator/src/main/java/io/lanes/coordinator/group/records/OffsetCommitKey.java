package io.lanes.coordinator.group.records;

import org.apache.kafka.common.TopicPartition;

/** The key of a committed offset: one group and one partition. */
public record OffsetCommitKey(String groupId, String topic, int partition) implements GroupRecordKey {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
