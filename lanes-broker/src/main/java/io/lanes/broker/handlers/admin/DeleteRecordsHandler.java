package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords, as Kafka's {@code ReplicaManager.deleteRecords} and
 * {@code Partition.deleteRecordsOnLeader}: each partition's log start offset moves up to the
 * requested offset (-1 means the high watermark) and the answer is the new low watermark, which
 * never goes down. UNKNOWN_TOPIC_OR_PARTITION for a partition that does not exist,
 * INVALID_TOPIC_EXCEPTION for internal topics, POLICY_VIOLATION when the topic's
 * {@code cleanup.policy} lacks {@code delete}, OFFSET_OUT_OF_RANGE for an offset beyond the high
 * watermark or below -1; a failed partition reports low watermark -1. With one replica there is
 * nothing to wait for, so the timeout is not used. A partition named twice counts once (the last).
 */
public final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequestData> {
    private final BrokerServices broker;

    public DeleteRecordsHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<DeleteRecordsResponseData> handle(RequestContext context, DeleteRecordsRequestData request) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (DeleteRecordsTopic topic : request.topics()) {
            for (DeleteRecordsPartition partition : topic.partitions()) {
                offsets.put(new TopicPartition(topic.name(), partition.partitionIndex()), partition.offset());
            }
        }
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        offsets.forEach((tp, offset) -> {
            DeleteRecordsTopicResult topic = response.topics().find(tp.topic());
            if (topic == null) {
                topic = new DeleteRecordsTopicResult().setName(tp.topic());
                response.topics().add(topic);
            }
            DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult().setPartitionIndex(tp.partition());
            if (!broker.authorizer().authorize(context, AclOperation.DELETE, ResourceType.TOPIC, tp.topic())) {
                topic.partitions().add(result.setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK)
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                return;
            }
            try {
                result.setLowWatermark(delete(tp, offset)).setErrorCode(Errors.NONE.code());
            } catch (ApiException e) {
                result.setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK).setErrorCode(Errors.forException(e).code());
            }
            topic.partitions().add(result);
        });
        return CompletableFuture.completedFuture(response);
    }

    private long delete(TopicPartition tp, long offset) {
        boolean known = broker.topics().topic(tp.topic()).map(t -> tp.partition() >= 0 && tp.partition() < t.partitions())
                .orElse(false);
        PartitionLog log = known ? broker.topics().partition(tp).orElse(null) : null;
        if (log == null) {
            throw new UnknownTopicOrPartitionException("This server does not host this topic-partition: " + tp);
        }
        if (Topic.isInternal(tp.topic())) {
            throw new InvalidTopicException("Cannot delete records of internal topic " + tp.topic());
        }
        if (!log.config().deleteEnabled()) {
            throw new PolicyViolationException("Records of partition " + tp
                    + " can not be deleted due to the configured policy");
        }
        long target = offset == DeleteRecordsRequest.HIGH_WATERMARK ? log.highWatermark() : offset;
        if (target < 0) {
            throw new OffsetOutOfRangeException("The offset " + target + " for partition " + tp + " is not valid");
        }
        return log.deleteRecordsBefore(target);
    }
}
