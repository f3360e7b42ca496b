package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * AlterPartitionReassignments, as Kafka's controller answers it
 * ({@code ReplicationControlManager.alterPartitionReassignment}), with this node as the only
 * registered broker:
 * <ul>
 *   <li>an unknown topic or partition: UNKNOWN_TOPIC_OR_PARTITION with Kafka's message;</li>
 *   <li>null replicas (cancel): NO_REASSIGNMENT_IN_PROGRESS, since none is ever in progress;</li>
 *   <li>a replica set other than {@code [nodeId]}: INVALID_REPLICA_ASSIGNMENT with Kafka's message
 *       (an empty list, another broker id, a duplicate);</li>
 *   <li>{@code [nodeId]}: the partition already has that assignment, so NONE and nothing changes.</li>
 * </ul>
 * The v1 {@code allowReplicationFactorChange} flag is echoed; it cannot matter, as the only valid
 * assignment keeps the replication factor at 1. Stateless; thread-safe.
 */
public final class AlterPartitionReassignmentsHandler implements ApiHandler<AlterPartitionReassignmentsRequestData> {
    private final BrokerServices broker;

    public AlterPartitionReassignmentsHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<AlterPartitionReassignmentsResponseData> handle(
            RequestContext context, AlterPartitionReassignmentsRequestData request) {
        AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setErrorMessage(null)
                .setAllowReplicationFactorChange(request.allowReplicationFactorChange());
        for (ReassignableTopic topic : request.topics()) {
            ReassignableTopicResponse result = new ReassignableTopicResponse().setName(topic.name());
            for (ReassignablePartition partition : topic.partitions()) {
                ApiError error = reassign(topic.name(), partition);
                result.partitions().add(new ReassignablePartitionResponse()
                        .setPartitionIndex(partition.partitionIndex())
                        .setErrorCode(error.error().code())
                        .setErrorMessage(error.message()));
            }
            response.responses().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private ApiError reassign(String topicName, ReassignablePartition target) {
        try {
            Optional<TopicInfo> topic = broker.topics().topic(topicName);
            if (topic.isEmpty()) {
                throw new UnknownTopicOrPartitionException("Unable to find a topic named " + topicName + ".");
            }
            int partition = target.partitionIndex();
            if (partition < 0 || partition >= topic.get().partitions()) {
                throw new UnknownTopicOrPartitionException("Unable to find partition " + topicName + ":" + partition + ".");
            }
            if (target.replicas() == null) {
                throw new NoReassignmentInProgressException(Errors.NO_REASSIGNMENT_IN_PROGRESS.message());
            }
            ReplicaAssignments.validate(target.replicas(), broker.nodeId(), -1);
            return ApiError.NONE;
        } catch (ApiException e) {
            return ApiError.fromThrowable(e);
        }
    }
}
