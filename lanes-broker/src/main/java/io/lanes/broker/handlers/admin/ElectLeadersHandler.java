package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitions;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ElectLeaders, as Kafka's controller answers it ({@code ReplicationControlManager.electLeaders}):
 * every partition of a single node already has its preferred leader (this node), so an existing
 * partition gets ELECTION_NOT_NEEDED for a preferred and for an unclean election alike, and a
 * missing topic or partition UNKNOWN_TOPIC_OR_PARTITION with Kafka's message.
 *
 * <p>Null {@code topicPartitions} (every partition; v0 and v1+ alike) lists every topic with no
 * partition results, because Kafka leaves out the partitions whose election was not needed. An
 * election type other than preferred (0) and unclean (1) fails the request with INVALID_REQUEST.
 * Topics are answered in request order, or by name for all partitions. Stateless; thread-safe.
 */
public final class ElectLeadersHandler implements ApiHandler<ElectLeadersRequestData> {
    private final BrokerServices broker;

    public ElectLeadersHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<ElectLeadersResponseData> handle(RequestContext context, ElectLeadersRequestData request) {
        try {
            ElectionType.valueOf(request.electionType());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Unknown election type " + (int) request.electionType());
        }
        ElectLeadersResponseData response = new ElectLeadersResponseData().setErrorCode(Errors.NONE.code());
        if (request.topicPartitions() == null) {
            broker.topics().registry().all().stream()
                    .map(TopicInfo::name)
                    .sorted(Comparator.naturalOrder())
                    .forEach(name -> response.replicaElectionResults().add(new ReplicaElectionResult().setTopic(name)));
            return CompletableFuture.completedFuture(response);
        }
        for (TopicPartitions topic : request.topicPartitions()) {
            ReplicaElectionResult result = new ReplicaElectionResult().setTopic(topic.topic());
            for (int partition : topic.partitions()) {
                ApiError error = elect(topic.topic(), partition);
                result.partitionResult().add(new PartitionResult()
                        .setPartitionId(partition)
                        .setErrorCode(error.error().code())
                        .setErrorMessage(error.message()));
            }
            response.replicaElectionResults().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private ApiError elect(String topicName, int partition) {
        Optional<TopicInfo> topic = broker.topics().topic(topicName);
        if (topic.isEmpty()) {
            return new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "No such topic as " + topicName);
        }
        if (partition < 0 || partition >= topic.get().partitions()) {
            return new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "No such partition as " + topicName + "-" + partition);
        }
        return new ApiError(Errors.ELECTION_NOT_NEEDED);
    }
}
