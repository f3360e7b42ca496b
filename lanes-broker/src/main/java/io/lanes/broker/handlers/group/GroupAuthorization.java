package io.lanes.broker.handlers.group;

import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartitionCollection;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.message.StreamsGroupDescribeRequestData;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The per-group and per-topic authorization of the group APIs, as Kafka's {@code KafkaApis} makes
 * it around its group coordinator: requests are cut down to what the principal may touch before the
 * coordinator sees them and the refused parts are answered with GROUP_ or TOPIC_AUTHORIZATION_FAILED.
 * Whole-request group checks (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
 * OffsetDelete's DELETE on its group, ConsumerGroupHeartbeat, StreamsGroupHeartbeat) are made by the request guard. With no authorizer every
 * method passes its request straight through. Stateless.
 */
final class GroupAuthorization {
    private final AclAuthorizer authorizer;
    private final TopicManager topics;

    GroupAuthorization(AclAuthorizer authorizer, TopicManager topics) {
        this.authorizer = authorizer;
        this.topics = topics;
    }

    boolean enabled() {
        return authorizer.enabled();
    }

    /** OffsetCommit: topics the principal may not READ get TOPIC_AUTHORIZATION_FAILED, the rest are committed. */
    CompletableFuture<OffsetCommitResponseData> commit(RequestContext context, OffsetCommitRequestData request,
                                                       Function<OffsetCommitRequestData,
                                                               CompletableFuture<OffsetCommitResponseData>> next) {
        if (!authorizer.enabled()) {
            return next.apply(request);
        }
        List<OffsetCommitRequestTopic> allowed = new ArrayList<>();
        List<OffsetCommitResponseTopic> refused = new ArrayList<>();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            if (authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, name(topic.name(), topic.topicId()))) {
                allowed.add(topic);
            } else {
                OffsetCommitResponseTopic result = new OffsetCommitResponseTopic().setName(topic.name())
                        .setTopicId(topic.topicId());
                topic.partitions().forEach(p -> result.partitions().add(new OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())));
                refused.add(result);
            }
        }
        if (refused.isEmpty()) {
            return next.apply(request);
        }
        if (allowed.isEmpty()) {
            return CompletableFuture.completedFuture(new OffsetCommitResponseData().setTopics(refused));
        }
        request.setTopics(allowed);
        return next.apply(request).thenApply(response -> {
            response.topics().addAll(refused);
            return response;
        });
    }

    /**
     * OffsetFetch of one group: GROUP_AUTHORIZATION_FAILED without DESCRIBE on the group; asked
     * topics without DESCRIBE answer TOPIC_AUTHORIZATION_FAILED per partition; all offsets (no topic
     * list) leave such topics out.
     */
    OffsetFetchResponseGroup fetch(RequestContext context, OffsetFetchRequestGroup group,
                                   Function<OffsetFetchRequestGroup, OffsetFetchResponseGroup> next) {
        if (!authorizer.enabled()) {
            return next.apply(group);
        }
        if (!authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, group.groupId())) {
            return new OffsetFetchResponseGroup().setGroupId(group.groupId())
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code());
        }
        if (group.topics() == null) {
            OffsetFetchResponseGroup response = next.apply(group);
            response.topics().removeIf(topic -> !describable(context, name(topic.name(), topic.topicId())));
            return response;
        }
        List<OffsetFetchRequestTopics> allowed = new ArrayList<>();
        List<OffsetFetchResponseTopics> refused = new ArrayList<>();
        for (OffsetFetchRequestTopics topic : group.topics()) {
            if (describable(context, name(topic.name(), topic.topicId()))) {
                allowed.add(topic);
            } else {
                OffsetFetchResponseTopics result = new OffsetFetchResponseTopics().setName(topic.name())
                        .setTopicId(topic.topicId());
                topic.partitionIndexes().forEach(p -> result.partitions().add(new OffsetFetchResponsePartitions()
                        .setPartitionIndex(p)
                        .setCommittedOffset(-1)
                        .setCommittedLeaderEpoch(-1)
                        .setMetadata("")
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())));
                refused.add(result);
            }
        }
        group.setTopics(allowed);
        OffsetFetchResponseGroup response = next.apply(group);
        response.topics().addAll(refused);
        return response;
    }

    /** DescribeGroups: GROUP_AUTHORIZATION_FAILED for groups the principal may not DESCRIBE; authorized operations. */
    DescribeGroupsResponseData describe(RequestContext context, DescribeGroupsRequestData request,
                                        Function<DescribeGroupsRequestData, DescribeGroupsResponseData> next) {
        if (!authorizer.enabled()) {
            return next.apply(request);
        }
        List<String> allowed = new ArrayList<>();
        List<DescribeGroupsResponseData.DescribedGroup> refused = new ArrayList<>();
        for (String groupId : request.groups()) {
            if (authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) {
                allowed.add(groupId);
            } else {
                refused.add(new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId)
                        .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())
                        .setGroupState("").setProtocolType("").setProtocolData(""));
            }
        }
        DescribeGroupsResponseData response = next.apply(request.setGroups(allowed));
        for (DescribeGroupsResponseData.DescribedGroup group : response.groups()) {
            if (request.includeAuthorizedOperations() && group.errorCode() == Errors.NONE.code()) {
                group.setAuthorizedOperations(authorizer.authorizedOperations(context, ResourceType.GROUP,
                        group.groupId()));
            }
        }
        response.groups().addAll(refused);
        return response;
    }

    /** ConsumerGroupDescribe, as {@link #describe}. */
    ConsumerGroupDescribeResponseData consumerDescribe(
            RequestContext context, ConsumerGroupDescribeRequestData request,
            Function<ConsumerGroupDescribeRequestData, ConsumerGroupDescribeResponseData> next) {
        if (!authorizer.enabled()) {
            return next.apply(request);
        }
        List<String> allowed = new ArrayList<>();
        List<ConsumerGroupDescribeResponseData.DescribedGroup> refused = new ArrayList<>();
        for (String groupId : request.groupIds()) {
            if (authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) {
                allowed.add(groupId);
            } else {
                refused.add(new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(groupId)
                        .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())
                        .setErrorMessage(Errors.GROUP_AUTHORIZATION_FAILED.message()));
            }
        }
        ConsumerGroupDescribeResponseData response = next.apply(request.setGroupIds(allowed));
        List<ConsumerGroupDescribeResponseData.DescribedGroup> groups = new ArrayList<>();
        for (ConsumerGroupDescribeResponseData.DescribedGroup group : response.groups()) {
            if (request.includeAuthorizedOperations() && group.errorCode() == Errors.NONE.code()) {
                group.setAuthorizedOperations(authorizer.authorizedOperations(context, ResourceType.GROUP,
                        group.groupId()));
            }
            // As Kafka 4.1: a group whose members are assigned topics the principal may not DESCRIBE is not shown.
            boolean hidden = group.members().stream()
                    .flatMap(m -> Stream.of(m.assignment(), m.targetAssignment()))
                    .flatMap(a -> a.topicPartitions().stream())
                    .anyMatch(tp -> !describable(context, tp.topicName()));
            groups.add(hidden ? new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(group.groupId())
                    .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                    .setErrorMessage("The group has described topic(s) that the client is not authorized to describe.")
                    : group);
        }
        groups.addAll(refused);
        response.setGroups(groups);
        return response;
    }

    /** ListGroups: every group with DESCRIBE on the cluster, else only the groups the principal may DESCRIBE. */
    ListGroupsResponseData list(RequestContext context, ListGroupsResponseData response) {
        if (authorizer.enabled() && !authorizer.authorizeCluster(context, AclOperation.DESCRIBE)) {
            response.groups().removeIf(group ->
                    !authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, group.groupId()));
        }
        return response;
    }

    /** DeleteGroups: GROUP_AUTHORIZATION_FAILED for groups the principal may not DELETE. */
    CompletableFuture<DeleteGroupsResponseData> delete(
            RequestContext context, DeleteGroupsRequestData request,
            Function<DeleteGroupsRequestData, CompletableFuture<DeleteGroupsResponseData>> next) {
        if (!authorizer.enabled()) {
            return next.apply(request);
        }
        List<String> allowed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String groupId : request.groupsNames()) {
            (authorizer.authorize(context, AclOperation.DELETE, ResourceType.GROUP, groupId) ? allowed : refused)
                    .add(groupId);
        }
        CompletableFuture<DeleteGroupsResponseData> served = allowed.isEmpty()
                ? CompletableFuture.completedFuture(new DeleteGroupsResponseData())
                : next.apply(request.setGroupsNames(allowed));
        return served.thenApply(response -> {
            refused.forEach(groupId -> response.results().add(new DeletableGroupResult().setGroupId(groupId)
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
            return response;
        });
    }

    /**
     * ConsumerGroupHeartbeat (the group READ is checked before): as Kafka 4.1, when a subscribed topic
     * name may not be DESCRIBEd the answer is TOPIC_AUTHORIZATION_FAILED alone, else null (serve it).
     */
    ConsumerGroupHeartbeatResponseData refuseSubscription(RequestContext context,
                                                          ConsumerGroupHeartbeatRequestData request) {
        if (!authorizer.enabled() || request.subscribedTopicNames() == null) {
            return null;
        }
        for (String topic : request.subscribedTopicNames()) {
            if (!describable(context, topic)) {
                return new ConsumerGroupHeartbeatResponseData().setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
            }
        }
        return null;
    }

    /**
     * OffsetDelete (DELETE on the group is checked before): topics the principal may not READ answer
     * TOPIC_AUTHORIZATION_FAILED per partition, the rest are deleted.
     */
    CompletableFuture<OffsetDeleteResponseData> deleteOffsets(
            RequestContext context, OffsetDeleteRequestData request,
            Function<OffsetDeleteRequestData, CompletableFuture<OffsetDeleteResponseData>> next) {
        OffsetDeleteRequestTopicCollection allowed = new OffsetDeleteRequestTopicCollection();
        List<OffsetDeleteResponseTopic> refused = new ArrayList<>();
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            if (authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, topic.name())) {
                allowed.add(topic.duplicate());
            } else {
                OffsetDeleteResponsePartitionCollection partitions = new OffsetDeleteResponsePartitionCollection();
                topic.partitions().forEach(p -> partitions.add(new OffsetDeleteResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())));
                refused.add(new OffsetDeleteResponseTopic().setName(topic.name()).setPartitions(partitions));
            }
        }
        if (refused.isEmpty()) {
            return next.apply(request);
        }
        return next.apply(request.duplicate().setTopics(allowed)).thenApply(response -> {
            if (response.errorCode() == Errors.NONE.code()) {
                refused.forEach(topic -> response.topics().add(topic));
            }
            return response;
        });
    }

    /**
     * StreamsGroupDescribe, as Kafka 4.4: GROUP_AUTHORIZATION_FAILED for groups the principal may not DESCRIBE;
     * a group whose topology uses a topic (source, repartition or changelog) the principal may not DESCRIBE is
     * answered TOPIC_AUTHORIZATION_FAILED without members or topology; authorized operations when asked.
     */
    StreamsGroupDescribeResponseData streamsDescribe(
            RequestContext context, StreamsGroupDescribeRequestData request,
            Function<StreamsGroupDescribeRequestData, StreamsGroupDescribeResponseData> next) {
        List<String> allowed = new ArrayList<>();
        List<StreamsGroupDescribeResponseData.DescribedGroup> refused = new ArrayList<>();
        for (String groupId : request.groupIds()) {
            if (authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) {
                allowed.add(groupId);
            } else {
                refused.add(new StreamsGroupDescribeResponseData.DescribedGroup().setGroupId(groupId)
                        .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
            }
        }
        StreamsGroupDescribeResponseData response = next.apply(request.setGroupIds(allowed));
        List<StreamsGroupDescribeResponseData.DescribedGroup> groups = new ArrayList<>();
        for (StreamsGroupDescribeResponseData.DescribedGroup group : response.groups()) {
            if (group.errorCode() != Errors.NONE.code()) {
                groups.add(group);
                continue;
            }
            if (request.includeAuthorizedOperations()) {
                group.setAuthorizedOperations(authorizer.authorizedOperations(context, ResourceType.GROUP,
                        group.groupId()));
            }
            boolean hidden = group.topology() != null && group.topology().subtopologies() != null
                    && group.topology().subtopologies().stream()
                    .flatMap(s -> Stream.of(s.sourceTopics().stream(), s.repartitionSinkTopics().stream(),
                            s.repartitionSourceTopics().stream().map(StreamsGroupDescribeResponseData.TopicInfo::name),
                            s.stateChangelogTopics().stream().map(StreamsGroupDescribeResponseData.TopicInfo::name))
                            .flatMap(Function.identity()))
                    .anyMatch(topic -> !describable(context, topic));
            groups.add(hidden ? new StreamsGroupDescribeResponseData.DescribedGroup().setGroupId(group.groupId())
                    .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                    .setErrorMessage("The described group uses topics that the client is not authorized to describe.")
                    .setTopology(null)
                    : group);
        }
        groups.addAll(refused);
        response.setGroups(groups);
        return response;
    }

    private boolean describable(RequestContext context, String topic) {
        return authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, topic);
    }

    /** A topic's name, from its id where the request gave only that (an unknown id keeps the empty name). */
    private String name(String name, Uuid id) {
        if ((name == null || name.isEmpty()) && id != null && !Uuid.ZERO_UUID.equals(id)) {
            return topics.topic(id).map(TopicInfo::name).orElse("");
        }
        return name == null ? "" : name;
    }
}
