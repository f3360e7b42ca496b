package io.lanes.broker.share;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.share.ShareGroups;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * AlterShareGroupOffsets (KIP-932): starts share-partitions of a group over at the given start offsets (a new state
 * epoch, nothing in flight). Only while the group has no members (else NON_EMPTY_GROUP, as Kafka); a topic the
 * principal may not READ is TOPIC_AUTHORIZATION_FAILED, an unknown topic or partition UNKNOWN_TOPIC_OR_PARTITION
 * (Kafka's checks; the group's READ is checked before, by the request guard). Answers once the new states are durable.
 */
final class AlterShareGroupOffsetsHandler implements ApiHandler<AlterShareGroupOffsetsRequestData> {
    private final ShareGroups groups;
    private final SharePartitionManager manager;
    private final TopicManager topics;
    private final AclAuthorizer authorizer;

    AlterShareGroupOffsetsHandler(ShareGroups groups, SharePartitionManager manager, TopicManager topics,
            AclAuthorizer authorizer) {
        this.groups = groups;
        this.manager = manager;
        this.topics = topics;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<AlterShareGroupOffsetsResponseData> handle(RequestContext context,
                                                                       AlterShareGroupOffsetsRequestData request) {
        AlterShareGroupOffsetsResponseData response = new AlterShareGroupOffsetsResponseData();
        if (groups.hasMembers(request.groupId())) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.NON_EMPTY_GROUP.code())
                    .setErrorMessage("The group has active members."));
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic t : request.topics()) {
            Optional<TopicInfo> info = topics.topic(t.topicName());
            AlterShareGroupOffsetsResponseTopic topic = new AlterShareGroupOffsetsResponseTopic()
                    .setTopicName(t.topicName()).setTopicId(info.map(TopicInfo::id).orElse(Uuid.ZERO_UUID));
            response.responses().add(topic);
            boolean readable = authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, t.topicName());
            for (AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestPartition p : t.partitions()) {
                AlterShareGroupOffsetsResponsePartition out = new AlterShareGroupOffsetsResponsePartition()
                        .setPartitionIndex(p.partitionIndex());
                topic.partitions().add(out);
                if (!readable) {
                    out.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                            .setErrorMessage(Errors.TOPIC_AUTHORIZATION_FAILED.message());
                    continue;
                }
                if (info.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= info.get().partitions()) {
                    out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                writes.add(manager.reset(request.groupId(), info.get(), p.partitionIndex(), p.startOffset())
                        .whenComplete((v, e) -> {
                            if (e != null) {
                                out.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
                            }
                        }));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((v, e) -> response);
    }
}
