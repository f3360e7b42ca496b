package io.lanes.broker.handlers;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ListOffsetsRequest;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets: earliest (-2) and earliest-local (-4) give the log start offset; latest (-1)
 * the high watermark; max-timestamp (-3) the record with the largest timestamp; a timestamp
 * the first offset whose timestamp is at least it, or offset -1 when there is none; latest
 * tiered (-5) and earliest pending upload (-6, v11, KIP-1023) are -1 as there is no tiered
 * storage, as Kafka answers them for a topic without remote storage. Every partition has leader
 * epoch 0.
 */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequestData> {
    private static final long LATEST_TIERED_TIMESTAMP = -5L;
    private static final long EARLIEST_LOCAL_TIMESTAMP = -4L;
    /** The first version whose response carries the leader epoch. */
    private static final short LEADER_EPOCH_VERSION = 4;

    private final BrokerServices broker;

    public ListOffsetsHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<ListOffsetsResponseData> handle(RequestContext context, ListOffsetsRequestData request) {
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsTopic topic : request.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            boolean authorized = broker.authorizer().authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC,
                    topic.name());
            for (ListOffsetsPartition partition : topic.partitions()) {
                if (!authorized) {
                    topicResponse.partitions().add(new ListOffsetsPartitionResponse()
                            .setPartitionIndex(partition.partitionIndex())
                            .setTimestamp(RecordBatch.NO_TIMESTAMP)
                            .setOffset(-1)
                            .setLeaderEpoch(-1)
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                topicResponse.partitions().add(answer(new TopicPartition(topic.name(), partition.partitionIndex()),
                        partition.timestamp(), context.apiVersion() >= LEADER_EPOCH_VERSION ? 0 : -1,
                        request.isolationLevel() == IsolationLevel.READ_COMMITTED.id()));
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * @param leaderEpoch   the epoch to report with a found offset: 0, or -1 for versions without the field
     * @param readCommitted whether offsets end at the last stable offset rather than the high watermark
     */
    private ListOffsetsPartitionResponse answer(TopicPartition tp, long timestamp, int leaderEpoch, boolean readCommitted) {
        ListOffsetsPartitionResponse answer = new ListOffsetsPartitionResponse()
                .setPartitionIndex(tp.partition())
                .setTimestamp(RecordBatch.NO_TIMESTAMP)
                .setOffset(-1)
                .setLeaderEpoch(-1);
        Optional<PartitionLog> partition = broker.topics().partition(tp);
        if (partition.isEmpty()) {
            return answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        PartitionLog log = partition.get();
        try {
            long end = readCommitted ? log.lastStableOffset() : log.highWatermark();
            Optional<TimestampAndOffset> found;
            if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP || timestamp == EARLIEST_LOCAL_TIMESTAMP) {
                found = Optional.of(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, log.logStartOffset(),
                        Optional.of(0)));
            } else if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
                found = Optional.of(new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, end, Optional.of(0)));
            } else if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
                found = log.maxTimestampAndOffset();
            } else if (timestamp == LATEST_TIERED_TIMESTAMP
                    || timestamp == ListOffsetsRequest.EARLIEST_PENDING_UPLOAD_TIMESTAMP) {
                found = Optional.empty();
            } else if (timestamp < 0) {
                return answer.setErrorCode(Errors.INVALID_REQUEST.code());
            } else {
                found = log.offsetForTimestamp(timestamp).filter(t -> t.offset < end);
            }
            found.ifPresent(t -> answer.setTimestamp(t.timestamp).setOffset(t.offset).setLeaderEpoch(leaderEpoch));
            return answer;
        } catch (ApiException e) {
            return answer.setErrorCode(Errors.forException(e).code());
        }
    }
}
