package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteTopics by name (every version) and by topic id (v6+), as Kafka's
 * {@code ControllerApis.deleteTopics}: an unknown name gets UNKNOWN_TOPIC_OR_PARTITION, an
 * unknown id UNKNOWN_TOPIC_ID; a name or id given twice, an entry with both or neither, or a
 * name that maps to an id also given get INVALID_REQUEST with Kafka's messages. With
 * {@code delete.topic.enable=false} the whole request fails: INVALID_REQUEST before v3,
 * TOPIC_DELETION_DISABLED from v3. Deletion is synchronous; the timeout is not used. Unlike
 * Kafka the results are not shuffled: they follow the request.
 */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequestData> {
    private final BrokerServices broker;

    public DeleteTopicsHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<DeleteTopicsResponseData> handle(RequestContext context, DeleteTopicsRequestData request) {
        if (!broker.config().deleteTopicEnable()) {
            if (context.apiVersion() < 3) {
                throw new InvalidRequestException("Topic deletion is disabled.");
            }
            throw new TopicDeletionDisabledException();
        }
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        Set<String> names = new LinkedHashSet<>();
        Set<String> duplicateNames = new LinkedHashSet<>();
        Set<Uuid> ids = new LinkedHashSet<>();
        Set<Uuid> duplicateIds = new LinkedHashSet<>();
        for (String name : request.topicNames()) {
            addOnce(names, duplicateNames, name);
        }
        for (DeleteTopicState topic : request.topics()) {
            if (topic.name() == null) {
                if (topic.topicId().equals(Uuid.ZERO_UUID)) {
                    add(response, null, Uuid.ZERO_UUID,
                            new ApiError(Errors.INVALID_REQUEST, "Neither topic name nor id were specified."));
                } else {
                    addOnce(ids, duplicateIds, topic.topicId());
                }
            } else if (topic.topicId().equals(Uuid.ZERO_UUID)) {
                addOnce(names, duplicateNames, topic.name());
            } else {
                add(response, topic.name(), topic.topicId(),
                        new ApiError(Errors.INVALID_REQUEST, "You may not specify both topic name and topic id."));
            }
        }
        duplicateNames.forEach(name -> add(response, name, Uuid.ZERO_UUID,
                new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name.")));
        duplicateIds.forEach(id -> add(response, null, id, new ApiError(Errors.INVALID_REQUEST, "Duplicate topic id.")));

        TopicManager topics = broker.topics();
        // As Kafka: DELETE on the cluster or the topic; without DESCRIBE a topic asked by id is not named.
        boolean clusterDelete = broker.authorizer().authorizeCluster(context, AclOperation.DELETE);
        java.util.function.Predicate<String> describable = name -> clusterDelete
                || broker.authorizer().authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, name);
        java.util.function.Predicate<String> deletable = name -> clusterDelete
                || broker.authorizer().authorize(context, AclOperation.DELETE, ResourceType.TOPIC, name);
        synchronized (topics) {
            Map<Uuid, String> toDelete = new LinkedHashMap<>();
            for (Uuid id : ids) {
                Optional<TopicInfo> topic = topics.topic(id);
                if (topic.isEmpty()) {
                    add(response, null, id, new ApiError(Errors.UNKNOWN_TOPIC_ID));
                } else if (!deletable.test(topic.get().name())) {
                    add(response, describable.test(topic.get().name()) ? topic.get().name() : null, id,
                            new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED));
                } else {
                    toDelete.put(id, topic.get().name());
                }
            }
            for (String name : names) {
                Optional<TopicInfo> topic = topics.topic(name);
                if (!describable.test(name) || (topic.isPresent() && !deletable.test(name))) {
                    add(response, name, Uuid.ZERO_UUID, new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED));
                    continue;
                }
                if (topic.isEmpty()) {
                    add(response, name, Uuid.ZERO_UUID, new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION));
                    continue;
                }
                Uuid id = topic.get().id();
                if (duplicateIds.contains(id) || toDelete.put(id, name) != null) {
                    duplicateIds.add(id);
                    toDelete.remove(id);
                    add(response, name, id, new ApiError(Errors.INVALID_REQUEST,
                            "The provided topic name maps to an ID that was already supplied."));
                }
            }
            toDelete.forEach((id, name) -> {
                ApiError result;
                try {
                    topics.delete(name);
                    result = ApiError.NONE;
                } catch (ApiException e) {
                    result = ApiError.fromThrowable(e);
                }
                add(response, name, id, result);
            });
        }
        return CompletableFuture.completedFuture(response);
    }

    private static <T> void addOnce(Set<T> provided, Set<T> duplicates, T value) {
        if (duplicates.contains(value) || !provided.add(value)) {
            duplicates.add(value);
            provided.remove(value);
        }
    }

    private static void add(DeleteTopicsResponseData response, String name, Uuid id, ApiError error) {
        response.responses().add(new DeletableTopicResult()
                .setName(name)
                .setTopicId(id)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message()));
    }
}
