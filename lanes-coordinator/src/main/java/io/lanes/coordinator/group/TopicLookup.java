package io.lanes.coordinator.group;

import org.apache.kafka.common.Uuid;

import java.util.Set;

/**
 * The broker's topic metadata as the coordinator needs it (offset requests name topics by
 * name, or by id from OffsetCommit/OffsetFetch v10). Implementations are thread-safe.
 */
public interface TopicLookup {
    /** The partition count of a topic, or -1 if it does not exist. */
    int partitionCount(String topic);

    /** The name of the topic with this id, or null. */
    String topicName(Uuid topicId);

    /** The id of the topic, or {@link Uuid#ZERO_UUID} if it does not exist. */
    Uuid topicId(String topic);

    /**
     * The names of every topic, for resolving the regular expressions of consumer groups. A
     * lookup that does not override this resolves every expression to no topics.
     */
    default Set<String> topicNames() {
        return Set.of();
    }
}
