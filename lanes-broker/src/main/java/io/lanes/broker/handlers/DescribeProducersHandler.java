package io.lanes.broker.handlers;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.storage.PartitionLog;
import io.lanes.storage.ProducerInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeProducers: the idempotent and transactional producers each partition knows, with their
 * epoch, last sequence, last timestamp, coordinator epoch and the start offset of their open
 * transaction, as kept in the partition's producer state.
 * An unknown topic or partition gets UNKNOWN_TOPIC_OR_PARTITION.
 */
public final class DescribeProducersHandler implements ApiHandler<DescribeProducersRequestData> {
    private final BrokerServices broker;

    public DescribeProducersHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<DescribeProducersResponseData> handle(RequestContext context,
                                                                   DescribeProducersRequestData request) {
        DescribeProducersResponseData response = new DescribeProducersResponseData();
        for (TopicRequest topic : request.topics()) {
            TopicResponse topicResponse = new TopicResponse().setName(topic.name());
            boolean authorized = broker.authorizer().authorize(context, AclOperation.READ, ResourceType.TOPIC,
                    topic.name());
            for (int partition : topic.partitionIndexes()) {
                if (!authorized) {
                    topicResponse.partitions().add(new PartitionResponse().setPartitionIndex(partition)
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                            .setErrorMessage(Errors.TOPIC_AUTHORIZATION_FAILED.message()));
                    continue;
                }
                topicResponse.partitions().add(describe(new TopicPartition(topic.name(), partition)));
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    private PartitionResponse describe(TopicPartition tp) {
        PartitionResponse response = new PartitionResponse().setPartitionIndex(tp.partition());
        Optional<PartitionLog> partition = broker.topics().partition(tp);
        if (partition.isEmpty()) {
            return response.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                    .setErrorMessage(Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
        }
        for (ProducerInfo producer : partition.get().producers()) {
            response.activeProducers().add(new ProducerState()
                    .setProducerId(producer.producerId())
                    .setProducerEpoch(producer.producerEpoch())
                    .setLastSequence(producer.lastSequence())
                    .setLastTimestamp(producer.lastTimestamp())
                    .setCoordinatorEpoch(producer.coordinatorEpoch())
                    .setCurrentTxnStartOffset(producer.currentTxnStartOffset()));
        }
        return response;
    }
}
