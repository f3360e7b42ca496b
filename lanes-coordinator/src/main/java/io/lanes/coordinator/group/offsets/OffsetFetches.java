package io.lanes.coordinator.group.offsets;

import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.TopicLookup;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OffsetFetch for one group, in the batched (v8+) shape; {@code GroupCoordinator} converts it
 * for older versions. Partitions without a committed offset get offset -1 and metadata "";
 * no topic list means every committed offset of the group. Unknown groups simply have no
 * offsets. With requireStable (read_committed consumers), a partition with an offset of an open transaction
 * answers UNSTABLE_OFFSET_COMMIT so the consumer retries once the transaction is decided.
 *
 * <p>Runs under the shard lock.
 */
public final class OffsetFetches {
    private final GroupShard shard;
    private final TopicLookup topics;

    public OffsetFetches(GroupShard shard, TopicLookup topics) {
        this.shard = shard;
        this.topics = topics;
    }

    public OffsetFetchResponseGroup fetch(OffsetFetchRequestGroup request, boolean byId, boolean requireStable) {
        OffsetStore store = shard.offsets();
        OffsetFetchResponseGroup response = new OffsetFetchResponseGroup().setGroupId(request.groupId());
        if (request.topics() == null) {
            Map<String, OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
            store.offsets(request.groupId()).forEach((tp, offset) -> {
                OffsetFetchResponseTopics topic = byTopic.computeIfAbsent(tp.topic(), name -> new OffsetFetchResponseTopics()
                        .setName(name)
                        .setTopicId(byId ? topics.topicId(name) : Uuid.ZERO_UUID));
                // as Kafka: only committed partitions are listed, an unstable one without its offset
                boolean unstable = requireStable && shard.pendingTxnOffsets().has(request.groupId(), tp);
                topic.partitions().add(unstable
                        ? missing(tp.partition()).setErrorCode(Errors.UNSTABLE_OFFSET_COMMIT.code())
                        : found(tp.partition(), offset));
            });
            byTopic.values().forEach(response.topics()::add);
            return response;
        }
        for (OffsetFetchRequestTopics wanted : request.topics()) {
            String name = byId ? topics.topicName(wanted.topicId()) : wanted.name();
            OffsetFetchResponseTopics topic = new OffsetFetchResponseTopics()
                    .setName(wanted.name())
                    .setTopicId(wanted.topicId());
            for (int partition : wanted.partitionIndexes()) {
                TopicPartition tp = name == null ? null : new TopicPartition(name, partition);
                CommittedOffset offset = tp == null ? null : store.get(request.groupId(), tp);
                OffsetFetchResponsePartitions answer = offset != null ? found(partition, offset) : missing(partition);
                if (name == null) {
                    answer.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
                } else if (requireStable && shard.pendingTxnOffsets().has(request.groupId(), tp)) {
                    answer = missing(partition).setErrorCode(Errors.UNSTABLE_OFFSET_COMMIT.code());
                }
                topic.partitions().add(answer);
            }
            response.topics().add(topic);
        }
        return response;
    }

    private static OffsetFetchResponsePartitions found(int partition, CommittedOffset offset) {
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(partition)
                .setCommittedOffset(offset.offset())
                .setCommittedLeaderEpoch(offset.leaderEpoch())
                .setMetadata(offset.metadata());
    }

    private static OffsetFetchResponsePartitions missing(int partition) {
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(partition)
                .setCommittedOffset(-1)
                .setCommittedLeaderEpoch(-1)
                .setMetadata("");
    }
}
