package io.lanes.broker.share;

import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.share.ShareGroups;
import io.lanes.coordinator.share.ShareStateKey;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeShareGroupOffsets (KIP-932): the start offset of each share-partition of a group; without topics, every
 * share-partition the group has state for; a requested partition without state has start offset -1, an unknown
 * topic UNKNOWN_TOPIC_OR_PARTITION. A group that is neither a live share group nor has state is GROUP_ID_NOT_FOUND.
 * Version 1 (KIP-1226) adds each partition's lag ({@link SharePartitionManager#lag}), -1 where it is unknown;
 * version 0 leaves the field out. Authorization as Kafka's: DESCRIBE on the group (else GROUP_AUTHORIZATION_FAILED
 * for it) and on each topic (a named one answers TOPIC_AUTHORIZATION_FAILED, an undescribable one is left out of
 * "all topics").
 */
final class DescribeShareGroupOffsetsHandler implements ApiHandler<DescribeShareGroupOffsetsRequestData> {
    private final ShareGroups groups;
    private final SharePartitionManager manager;
    private final TopicManager topics;

    private final AclAuthorizer authorizer;

    DescribeShareGroupOffsetsHandler(ShareGroups groups, SharePartitionManager manager, TopicManager topics,
                                     AclAuthorizer authorizer) {
        this.groups = groups;
        this.manager = manager;
        this.topics = topics;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeShareGroupOffsetsResponseData> handle(RequestContext context,
                                                                          DescribeShareGroupOffsetsRequestData request) {
        DescribeShareGroupOffsetsResponseData response = new DescribeShareGroupOffsetsResponseData();
        for (DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup group : request.groups()) {
            response.groups().add(authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP,
                    group.groupId()) ? describe(context, group) : new DescribeShareGroupOffsetsResponseGroup()
                    .setGroupId(group.groupId()).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        return CompletableFuture.completedFuture(response);
    }

    private DescribeShareGroupOffsetsResponseGroup describe(RequestContext context,
            DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup request) {
        String groupId = request.groupId();
        DescribeShareGroupOffsetsResponseGroup out = new DescribeShareGroupOffsetsResponseGroup().setGroupId(groupId);
        Map<ShareStateKey, Long> starts = manager.startOffsets(groupId);
        if (!groups.exists(groupId) && starts.isEmpty()) {
            return out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage("Group " + groupId + " not found.");
        }
        if (request.topics() == null) {
            Map<Uuid, Map<Integer, Long>> byTopic = new LinkedHashMap<>();
            starts.forEach((key, start) -> byTopic.computeIfAbsent(key.topicId(), t -> new TreeMap<>())
                    .put(key.partition(), start));
            byTopic.forEach((topicId, partitions) -> topics.topic(topicId)
                    .filter(info -> authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, info.name()))
                    .ifPresent(info -> {
                DescribeShareGroupOffsetsResponseTopic topic = new DescribeShareGroupOffsetsResponseTopic()
                        .setTopicName(info.name()).setTopicId(topicId);
                partitions.forEach((p, start) -> topic.partitions().add(partition(p, start)
                        .setLag(manager.lag(new ShareStateKey(groupId, topicId, p), info.name()))));
                out.topics().add(topic);
            }));
            return out;
        }
        for (DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestTopic t : request.topics()) {
            Optional<TopicInfo> info = topics.topic(t.topicName());
            DescribeShareGroupOffsetsResponseTopic topic = new DescribeShareGroupOffsetsResponseTopic()
                    .setTopicName(t.topicName()).setTopicId(info.map(TopicInfo::id).orElse(Uuid.ZERO_UUID));
            out.topics().add(topic);
            boolean describable = authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC,
                    t.topicName());
            for (int p : t.partitions()) {
                if (!describable) {
                    topic.partitions().add(partition(p, -1).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                } else if (info.isEmpty()) {
                    topic.partitions().add(partition(p, -1).setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
                } else {
                    ShareStateKey key = new ShareStateKey(groupId, info.get().id(), p);
                    topic.partitions().add(partition(p, starts.getOrDefault(key, -1L))
                            .setLag(manager.lag(key, info.get().name())));
                }
            }
        }
        return out;
    }

    private static DescribeShareGroupOffsetsResponsePartition partition(int index, long start) {
        return new DescribeShareGroupOffsetsResponsePartition().setPartitionIndex(index).setStartOffset(start)
                .setLeaderEpoch(0);
    }

}
