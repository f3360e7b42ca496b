package io.lanes.coordinator.share;

import org.apache.kafka.common.Uuid;

/** Which share-partition a {@code __share_group_state} record is about: group, topic id and partition. */
public record ShareStateKey(String groupId, Uuid topicId, int partition) {
}
