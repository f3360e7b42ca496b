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
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics, as Kafka's controller ({@code ControllerApis.createTopics} and
 * {@code ReplicationControlManager.createTopics}) answers it, with this node as the only broker.
 *
 * <p>Per topic, in Kafka's order: a name given twice in the request gets INVALID_REQUEST
 * "Duplicate topic name." (and {@code __cluster_metadata} INVALID_REQUEST); then
 * INVALID_TOPIC_EXCEPTION for a bad or colliding name, TOPIC_ALREADY_EXISTS, INVALID_CONFIG
 * for null, unknown or invalid configs; then a manual assignment must come with partitions and
 * replication factor -1 (else INVALID_REQUEST) and give each partition 0..n-1 exactly
 * {@code [nodeId]} (else INVALID_REPLICA_ASSIGNMENT); without one, replication factor 0 or
 * below -1 is INVALID_REPLICATION_FACTOR, above 1 INVALID_REPLICATION_FACTOR "Unable to
 * replicate...", and a partition count of 0 or below -1 INVALID_PARTITIONS; -1 takes
 * {@code num.partitions} / {@code default.replication.factor}.
 *
 * <p>Like Kafka's controller, a request that would create more than 10,000 metadata records
 * (one per topic, per config and per partition) fails as a whole with POLICY_VIOLATION. With
 * {@code validateOnly} nothing is created, but the response is the same, including a fresh
 * topic id. From v5 a success carries the partition count, replication factor 1 and every topic
 * config with its source. The timeout is not used: creation is synchronous.
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequestData> {
    /** Kafka's {@code QuorumController.MAX_RECORDS_PER_USER_OP}. */
    static final int MAX_RECORDS_PER_REQUEST = 10_000;

    private final BrokerServices broker;

    public CreateTopicsHandler(BrokerServices broker) {
        this.broker = broker;
    }

    /** A topic that passed validation, with what creating it takes. */
    private record Plan(String name, int partitions, Map<String, String> configs) {
    }

    @Override
    public CompletableFuture<CreateTopicsResponseData> handle(RequestContext context, CreateTopicsRequestData request) {
        Set<String> names = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatableTopic topic : request.topics()) {
            if (!names.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        Map<String, ApiError> errors = new HashMap<>();
        Map<String, CreatableTopicResult> results = new LinkedHashMap<>();
        // As Kafka: CREATE on the cluster or on each topic; its configs are returned only with DESCRIBE_CONFIGS.
        boolean clusterCreate = broker.authorizer().authorizeCluster(context, AclOperation.CREATE);
        Set<String> unauthorized = new java.util.LinkedHashSet<>();
        for (String name : names) {
            if (!duplicates.contains(name) && !Topic.CLUSTER_METADATA_TOPIC_NAME.equals(name) && !clusterCreate
                    && !broker.authorizer().authorize(context, AclOperation.CREATE, ResourceType.TOPIC, name)) {
                unauthorized.add(name);
            }
        }
        TopicManager topics = broker.topics();
        synchronized (topics) {
            Map<String, Plan> plans = new LinkedHashMap<>();
            long records = 0;
            for (CreatableTopic topic : request.topics()) {
                if (duplicates.contains(topic.name()) || Topic.CLUSTER_METADATA_TOPIC_NAME.equals(topic.name())
                        || unauthorized.contains(topic.name())) {
                    continue;
                }
                try {
                    Plan plan = plan(topic);
                    records += 1 + plan.configs().size() + plan.partitions();
                    plans.put(plan.name(), plan);
                } catch (ApiException e) {
                    errors.put(topic.name(), ApiError.fromThrowable(e));
                }
                if (records > MAX_RECORDS_PER_REQUEST) {
                    throw new PolicyViolationException("Unable to perform excessively large batch operation.");
                }
            }
            for (Plan plan : plans.values()) {
                try {
                    TopicInfo created = topics.create(plan.name(), plan.partitions(), (short) 1, plan.configs(),
                            request.validateOnly());
                    CreatableTopicResult result = success(created, plan.configs());
                    if (!broker.authorizer().authorize(context, AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC,
                            plan.name())) {
                        result.setTopicConfigErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).configs().clear();
                    }
                    results.put(plan.name(), result);
                } catch (ApiException e) {
                    errors.put(plan.name(), ApiError.fromThrowable(e));
                }
            }
        }
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        for (CreatableTopic topic : request.topics()) {
            String name = topic.name();
            if (duplicates.contains(name) || Topic.CLUSTER_METADATA_TOPIC_NAME.equals(name)
                    || unauthorized.contains(name)) {
                continue;
            }
            CreatableTopicResult result = results.get(name);
            response.topics().add(result != null ? result : failure(name, errors.get(name)));
        }
        for (String name : duplicates) {
            response.topics().add(failure(name, new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name.")));
        }
        for (String name : unauthorized) {
            response.topics().add(failure(name, new ApiError(Errors.TOPIC_AUTHORIZATION_FAILED, "Authorization failed.")));
        }
        if (names.contains(Topic.CLUSTER_METADATA_TOPIC_NAME) && !duplicates.contains(Topic.CLUSTER_METADATA_TOPIC_NAME)) {
            response.topics().add(failure(Topic.CLUSTER_METADATA_TOPIC_NAME, new ApiError(Errors.INVALID_REQUEST,
                    "Creation of internal topic " + Topic.CLUSTER_METADATA_TOPIC_NAME + " is prohibited.")));
        }
        return CompletableFuture.completedFuture(response);
    }

    private Plan plan(CreatableTopic topic) {
        String name = topic.name();
        Topic.validate(name);
        TopicManager topics = broker.topics();
        if (topics.topic(name).isPresent()) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        if (Topic.hasCollisionChars(name)) {
            for (TopicInfo existing : topics.registry().all()) {
                if (Topic.hasCollision(name, existing.name())) {
                    throw new InvalidTopicException("Topic '" + name + "' collides with existing topic: " + existing.name());
                }
            }
        }
        Map<String, String> configs = new LinkedHashMap<>();
        topic.configs().forEach(config -> configs.put(config.name(), config.value()));
        TopicConfigs.validate(topics, configs);
        return new Plan(name, partitionCount(topic), configs);
    }

    private int partitionCount(CreatableTopic topic) {
        if (!topic.assignments().isEmpty()) {
            if (topic.replicationFactor() != -1) {
                throw new InvalidRequestException("A manual partition assignment was specified, but replication "
                        + "factor was not set to -1.");
            }
            if (topic.numPartitions() != -1) {
                throw new InvalidRequestException("A manual partition assignment was specified, but numPartitions "
                        + "was not set to -1.");
            }
            Set<Integer> assigned = new HashSet<>();
            for (CreatableReplicaAssignment assignment : topic.assignments()) {
                if (!assigned.add(assignment.partitionIndex())) {
                    throw new InvalidReplicaAssignmentException("Found multiple manual partition assignments for "
                            + "partition " + assignment.partitionIndex());
                }
                ReplicaAssignments.validate(assignment.brokerIds(), broker.nodeId(), -1);
            }
            for (int p = 0; p < assigned.size(); p++) {
                if (!assigned.contains(p)) {
                    throw new InvalidReplicaAssignmentException("partitions should be a consecutive 0-based integer sequence");
                }
            }
            return assigned.size();
        }
        if (topic.replicationFactor() < -1 || topic.replicationFactor() == 0) {
            throw new InvalidReplicationFactorException("Replication factor must be larger than 0, or -1 to use the "
                    + "default value.");
        }
        if (topic.numPartitions() < -1 || topic.numPartitions() == 0) {
            throw new InvalidPartitionsException("Number of partitions was set to an invalid non-positive value.");
        }
        int replicationFactor = topic.replicationFactor() == -1 ? 1 : topic.replicationFactor();
        if (replicationFactor > 1) {
            throw new InvalidReplicationFactorException("Unable to replicate the partition " + replicationFactor
                    + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only 1 broker(s) are registered.");
        }
        return topic.numPartitions() == -1 ? broker.config().numPartitions() : topic.numPartitions();
    }

    private CreatableTopicResult success(TopicInfo topic, Map<String, String> configs) {
        CreatableTopicResult result = new CreatableTopicResult()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setErrorCode(Errors.NONE.code())
                .setErrorMessage(null)
                .setTopicConfigErrorCode(Errors.NONE.code())
                .setNumPartitions(topic.partitions())
                .setReplicationFactor((short) 1);
        result.configs().addAll(ConfigEntries.effectiveTopicConfigs(broker.config(), configs));
        return result;
    }

    private static CreatableTopicResult failure(String name, ApiError error) {
        return new CreatableTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
