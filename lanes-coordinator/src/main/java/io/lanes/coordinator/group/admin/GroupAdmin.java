package io.lanes.coordinator.group.admin;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.GroupType;
import io.lanes.coordinator.group.TopicLookup;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The type-independent group admin APIs of one shard: DescribeGroups, ListGroups, DeleteGroups
 * and OffsetDelete. They work on {@link Group}, so every group type is covered.
 *
 * <p>Runs under the shard lock.
 */
public final class GroupAdmin {
    private final GroupShard shard;
    private final TopicLookup topics;

    public GroupAdmin(GroupShard shard, TopicLookup topics) {
        this.shard = shard;
        this.topics = topics;
    }

    /**
     * A group as DescribeGroups reports it; an unknown group, and a consumer (KIP-848) or streams (KIP-1071)
     * group as in Kafka, is Dead (with GROUP_ID_NOT_FOUND from v6).
     */
    public DescribedGroup describe(String groupId, boolean notFoundError) {
        Group group = shard.group(groupId);
        if (group == null || group.type() != GroupType.CLASSIC) {
            DescribedGroup dead = new DescribedGroup().setGroupId(groupId).setGroupState("Dead")
                    .setProtocolType("").setProtocolData("");
            if (notFoundError) {
                dead.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage(group == null
                        ? "Group " + groupId + " not found." : "Group " + groupId + " is not a classic group.");
            }
            return dead;
        }
        return group.describe();
    }

    /**
     * The groups in the given states and of the given types (empty filters match everything;
     * states and types compare case-insensitively).
     */
    public List<ListedGroup> list(List<String> states, List<String> types) {
        Set<String> wantedStates = states.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<GroupType> wantedTypes = types.stream().map(GroupType::parse).collect(Collectors.toSet());
        List<ListedGroup> out = new ArrayList<>();
        for (Group group : shard.groups()) {
            if (!wantedStates.isEmpty() && !wantedStates.contains(group.stateName().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!wantedTypes.isEmpty() && !wantedTypes.contains(group.type())) {
                continue;
            }
            out.add(new ListedGroup()
                    .setGroupId(group.groupId())
                    .setProtocolType(group.protocolTypeOrEmpty())
                    .setGroupState(group.stateName())
                    .setGroupType(group.type().wireName()));
        }
        return out;
    }

    /** Deletes an Empty group and its offsets (tombstones); the future completes once they are durable. */
    public CompletableFuture<Errors> delete(String groupId) {
        Group group = shard.group(groupId);
        if (group == null) {
            return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
        }
        try {
            group.validateDelete();
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(Errors.forException(e));
        }
        List<CoordinatorRecord> records = new ArrayList<>();
        for (TopicPartition tp : shard.offsets().offsets(groupId).keySet()) {
            records.add(GroupRecords.offsetTombstone(groupId, tp));
        }
        records.addAll(group.deletionRecords());
        try {
            return shard.write(records).handle((done, failure) -> failure == null ? Errors.NONE
                    : Errors.COORDINATOR_NOT_AVAILABLE);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Errors.COORDINATOR_NOT_AVAILABLE);
        }
    }

    /** OffsetDelete: removes committed offsets of partitions the group does not consume. */
    public CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData request) {
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        Group group = shard.group(request.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
        }
        try {
            group.validateOffsetDelete();
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.forException(e).code()));
        }
        List<CoordinatorRecord> records = new ArrayList<>();
        List<OffsetDeleteResponsePartition> written = new ArrayList<>();
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            OffsetDeleteResponseTopic topicResponse = new OffsetDeleteResponseTopic().setName(topic.name());
            boolean subscribed = group.isSubscribedTo(topic.name());
            int partitions = topics.partitionCount(topic.name());
            for (OffsetDeleteRequestPartition p : topic.partitions()) {
                Errors error = Errors.NONE;
                TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                if (p.partitionIndex() < 0 || p.partitionIndex() >= partitions) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (subscribed) {
                    error = Errors.GROUP_SUBSCRIBED_TO_TOPIC;
                }
                OffsetDeleteResponsePartition partitionResponse = new OffsetDeleteResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code());
                if (error == Errors.NONE && shard.offsets().get(request.groupId(), tp) != null) {
                    records.add(GroupRecords.offsetTombstone(request.groupId(), tp));
                    written.add(partitionResponse);
                }
                topicResponse.partitions().add(partitionResponse);
            }
            response.topics().add(topicResponse);
        }
        try {
            return shard.write(records).handle((done, failure) -> {
                if (failure != null) {
                    written.forEach(p -> p.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
                }
                return response;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new OffsetDeleteResponseData()
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
    }
}
