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
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData.DeleteShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteShareGroupOffsets (KIP-932): forgets a group's share-partition state for whole topics, so the group starts
 * them again from {@code share.auto.offset.reset}. Only while the group has no members (else NON_EMPTY_GROUP); a
 * topic the principal may not READ is TOPIC_AUTHORIZATION_FAILED, an unknown topic UNKNOWN_TOPIC_OR_PARTITION (Kafka's
 * checks; the group's DELETE is checked before, by the request guard). Answers once the deletions are durable.
 */
final class DeleteShareGroupOffsetsHandler implements ApiHandler<DeleteShareGroupOffsetsRequestData> {
    private final ShareGroups groups;
    private final SharePartitionManager manager;
    private final TopicManager topics;
    private final AclAuthorizer authorizer;

    DeleteShareGroupOffsetsHandler(ShareGroups groups, SharePartitionManager manager, TopicManager topics,
            AclAuthorizer authorizer) {
        this.groups = groups;
        this.manager = manager;
        this.topics = topics;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DeleteShareGroupOffsetsResponseData> handle(RequestContext context,
                                                                        DeleteShareGroupOffsetsRequestData request) {
        DeleteShareGroupOffsetsResponseData response = new DeleteShareGroupOffsetsResponseData();
        if (groups.hasMembers(request.groupId())) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.NON_EMPTY_GROUP.code())
                    .setErrorMessage("The group has active members."));
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (DeleteShareGroupOffsetsRequestData.DeleteShareGroupOffsetsRequestTopic t : request.topics()) {
            Optional<TopicInfo> info = topics.topic(t.topicName());
            DeleteShareGroupOffsetsResponseTopic topic = new DeleteShareGroupOffsetsResponseTopic()
                    .setTopicName(t.topicName()).setTopicId(info.map(TopicInfo::id).orElse(Uuid.ZERO_UUID));
            response.responses().add(topic);
            if (!authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, t.topicName())) {
                topic.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                        .setErrorMessage(Errors.TOPIC_AUTHORIZATION_FAILED.message());
                continue;
            }
            if (info.isEmpty()) {
                topic.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                continue;
            }
            writes.add(manager.delete(request.groupId(), info.get()).whenComplete((v, e) -> {
                if (e != null) {
                    topic.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
                }
            }));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((v, e) -> response);
    }
}
