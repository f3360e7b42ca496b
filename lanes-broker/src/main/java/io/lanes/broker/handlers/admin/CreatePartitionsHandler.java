package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreatePartitions, as Kafka's controller ({@code ControllerApis.createPartitions} and
 * {@code ReplicationControlManager.createPartitions}): a topic named twice gets INVALID_REQUEST
 * "Duplicate topic name."; an unknown topic UNKNOWN_TOPIC_OR_PARTITION; a count that is not an
 * increase INVALID_PARTITIONS with Kafka's messages; assignments, when given, must number the
 * new partitions and each be {@code [nodeId]} (else INVALID_REPLICA_ASSIGNMENT). More than
 * 10,000 new partitions in one request fail the whole request with POLICY_VIOLATION, like
 * Kafka's record limit. {@code validateOnly} checks without creating. Synchronous; the timeout
 * is not used.
 */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequestData> {
    private final BrokerServices broker;

    public CreatePartitionsHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<CreatePartitionsResponseData> handle(RequestContext context,
                                                                 CreatePartitionsRequestData request) {
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        Set<String> names = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (!names.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        for (String name : duplicates) {
            response.results().add(result(name, new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name.")));
            names.remove(name);
        }
        for (java.util.Iterator<String> it = names.iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!broker.authorizer().authorize(context, AclOperation.ALTER, ResourceType.TOPIC, name)) {
                response.results().add(new CreatePartitionsTopicResult().setName(name)
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                it.remove();
            }
        }
        TopicManager topics = broker.topics();
        List<CreatePartitionsTopicResult> results = new ArrayList<>();
        synchronized (topics) {
            Map<String, Integer> valid = new LinkedHashMap<>();
            long added = 0;
            for (String name : names) {
                CreatePartitionsTopic topic = request.topics().find(name);
                try {
                    added += validate(topic);
                    valid.put(name, topic.count());
                } catch (ApiException e) {
                    results.add(result(name, ApiError.fromThrowable(e)));
                }
                if (added > CreateTopicsHandler.MAX_RECORDS_PER_REQUEST) {
                    throw new PolicyViolationException("Unable to perform excessively large batch operation.");
                }
            }
            valid.forEach((name, count) -> {
                ApiError error = ApiError.NONE;
                try {
                    topics.createPartitions(name, count, request.validateOnly());
                } catch (ApiException e) {
                    error = ApiError.fromThrowable(e);
                }
                results.add(result(name, error));
            });
        }
        response.results().addAll(results);
        return CompletableFuture.completedFuture(response);
    }

    /** @return the number of partitions the topic would gain */
    private int validate(CreatePartitionsTopic request) {
        TopicInfo topic = broker.topics().topic(request.name()).orElseThrow(UnknownTopicOrPartitionException::new);
        int current = topic.partitions();
        if (request.count() == current) {
            throw new InvalidPartitionsException("Topic already has " + current + " partition(s).");
        }
        if (request.count() < current) {
            throw new InvalidPartitionsException("The topic " + topic.name() + " currently has " + current
                    + " partition(s); " + request.count() + " would not be an increase.");
        }
        int additional = request.count() - current;
        if (request.assignments() != null) {
            if (request.assignments().size() != additional) {
                throw new InvalidReplicaAssignmentException("Attempted to add " + additional
                        + " additional partition(s), but only " + request.assignments().size()
                        + " assignment(s) were specified.");
            }
            for (CreatePartitionsAssignment assignment : request.assignments()) {
                ReplicaAssignments.validate(assignment.brokerIds(), broker.nodeId(), 1);
            }
        }
        return additional;
    }

    private static CreatePartitionsTopicResult result(String name, ApiError error) {
        return new CreatePartitionsTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
