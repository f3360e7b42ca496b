package io.lanes.broker.handlers;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.AuthorizedOperations;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.lanes.broker.metadata.TopicInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata: this broker is the only broker, the controller, and the leader of every
 * partition (leader epoch 0, one replica, in sync).
 *
 * <p>Unknown topics are created when both the request (v4+) and
 * {@code auto.create.topics.enable} allow it and the name is valid; creation is synchronous, so
 * the response already describes the new topic. Otherwise: UNKNOWN_TOPIC_OR_PARTITION,
 * INVALID_TOPIC_EXCEPTION for a bad name, UNKNOWN_TOPIC_ID for an unknown id.
 *
 * <p>With an authorizer, as Kafka: a listing leaves out topics the principal may not DESCRIBE,
 * a named one is answered TOPIC_AUTHORIZATION_FAILED, auto-creation also needs CREATE on the
 * cluster or the topic, and the authorized-operations fields are the principal's.
 */
public final class MetadataHandler implements ApiHandler<MetadataRequestData> {
    private final BrokerServices broker;

    public MetadataHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(broker.identity().clusterId())
                .setControllerId(broker.nodeId())
                .setClusterAuthorizedOperations(AuthorizedOperations.cluster(
                        context.apiVersion() >= 8 && context.apiVersion() <= 10
                                && request.includeClusterAuthorizedOperations(), broker.authorizer(), context));
        response.brokers().add(new MetadataResponseBroker()
                .setNodeId(broker.nodeId())
                .setHost(context.advertisedHost(broker.advertisedHost()))
                .setPort(context.advertisedPort(broker.advertisedPort())));
        boolean allTopics = request.topics() == null || (context.apiVersion() == 0 && request.topics().isEmpty());
        AclAuthorizer authorizer = broker.authorizer();
        if (allTopics) {
            broker.topics().registry().all().forEach(t -> {
                if (authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, t.name())) {
                    response.topics().add(describe(context, t, request));
                }
            });
        } else {
            boolean mayCreate = (context.apiVersion() < 4 || request.allowAutoTopicCreation())
                    && broker.config().autoCreateTopics();
            for (MetadataRequestTopic wanted : request.topics()) {
                response.topics().add(lookup(context, wanted, mayCreate, request));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * One requested topic. As Kafka: a topic the principal may not DESCRIBE is answered
     * TOPIC_AUTHORIZATION_FAILED whether it exists or not (asked by id: with its id and no name), and
     * auto-creation needs CREATE on the cluster or the topic.
     */
    private MetadataResponseTopic lookup(RequestContext context, MetadataRequestTopic wanted, boolean mayCreate,
                                         MetadataRequestData request) {
        AclAuthorizer authorizer = broker.authorizer();
        // Clients asking by id (v10+) may send an empty name rather than null.
        if (wanted.topicId() != null && !Uuid.ZERO_UUID.equals(wanted.topicId())) {
            Uuid id = wanted.topicId();
            Optional<TopicInfo> byId = broker.topics().topic(id);
            if (byId.isPresent()
                    && !authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, byId.get().name())) {
                return new MetadataResponseTopic().setName(null).setTopicId(id)
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
            }
            return byId.map(t -> describe(context, t, request)).orElseGet(() -> new MetadataResponseTopic()
                    .setTopicId(id)
                    .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
        }
        String name = wanted.name();
        if (!authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
            return new MetadataResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID)
                    .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        }
        Optional<TopicInfo> topic = broker.topics().topic(name);
        if (topic.isPresent()) {
            return describe(context, topic.get(), request);
        }
        MetadataResponseTopic missing = new MetadataResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID);
        if (mayCreate && !authorizer.authorizeCluster(context, AclOperation.CREATE)
                && !authorizer.authorize(context, AclOperation.CREATE, ResourceType.TOPIC, name)) {
            return missing.setIsInternal(Topic.isInternal(name)).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        }
        if (!Topic.isValid(name)) {
            return missing.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
        if (!mayCreate || Topic.isInternal(name)) {
            return missing.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        try {
            return describe(context, broker.topics().create(name, -1, (short) -1, java.util.Map.of(), false), request);
        } catch (TopicExistsException raced) {
            return broker.topics().topic(name).map(t -> describe(context, t, request))
                    .orElseGet(() -> missing.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code()));
        } catch (ApiException e) {
            return missing.setErrorCode(Errors.forException(e).code());
        }
    }

    private MetadataResponseTopic describe(RequestContext context, TopicInfo topic, MetadataRequestData request) {
        MetadataResponseTopic described = new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(Topic.isInternal(topic.name()))
                .setTopicAuthorizedOperations(AuthorizedOperations.topic(request.includeTopicAuthorizedOperations(),
                        broker.authorizer(), context, topic.name()));
        List<Integer> self = List.of(broker.nodeId());
        for (int p = 0; p < topic.partitions(); p++) {
            described.partitions().add(new MetadataResponsePartition()
                    .setPartitionIndex(p)
                    .setLeaderId(broker.nodeId())
                    .setLeaderEpoch(0)
                    .setReplicaNodes(self)
                    .setIsrNodes(self)
                    .setOfflineReplicas(List.of()));
        }
        return described;
    }
}
