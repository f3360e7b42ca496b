package io.lanes.broker.handlers;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.storage.EpochEndOffset;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetsForLeaderEpoch, as Kafka's {@code ReplicaManager.lastOffsetForLeaderEpoch}: for each
 * partition, the largest leader epoch at or below the requested one and the offset where it ends
 * (the log end offset for the current epoch), read from the partition's leader-epoch cache; -1/-1
 * when the epoch is unknown (for example -1, or above the current epoch).
 *
 * <p>A {@code currentLeaderEpoch} (v2+; -1 means none) is checked against the partition's epoch,
 * the one Metadata reports: older gets FENCED_LEADER_EPOCH, newer UNKNOWN_LEADER_EPOCH. An unknown
 * partition gets UNKNOWN_TOPIC_OR_PARTITION. The {@code replicaId} (v3+: -1 consumer, -2 debug, a
 * broker id for a follower) only selects Kafka's authorization check; without an authorizer every
 * caller gets the same answer, as from Kafka. Stateless; thread-safe.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler<OffsetForLeaderEpochRequestData> {
    private final BrokerServices broker;

    public OffsetForLeaderEpochHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<OffsetForLeaderEpochResponseData> handle(RequestContext context,
                                                                     OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic topic : request.topics()) {
            OffsetForLeaderTopicResult result = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            // As Kafka: DESCRIBE on the topic, unless the caller may CLUSTER_ACTION (a follower).
            boolean authorized = broker.authorizer().authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC,
                    topic.topic()) || broker.authorizer().authorizeCluster(context, AclOperation.CLUSTER_ACTION);
            for (OffsetForLeaderPartition partition : topic.partitions()) {
                if (!authorized) {
                    result.partitions().add(new OffsetForLeaderEpochResponseData.EpochEndOffset()
                            .setPartition(partition.partition())
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                result.partitions().add(answer(new TopicPartition(topic.topic(), partition.partition()), partition));
            }
            response.topics().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private OffsetForLeaderEpochResponseData.EpochEndOffset answer(TopicPartition tp, OffsetForLeaderPartition asked) {
        OffsetForLeaderEpochResponseData.EpochEndOffset answer = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                .setPartition(tp.partition());
        Optional<PartitionLog> log = broker.topics().partition(tp);
        if (log.isEmpty()) {
            return answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        Errors epochCheck = checkCurrentLeaderEpoch(asked.currentLeaderEpoch(), log.get().leaderEpoch());
        if (epochCheck != Errors.NONE) {
            return answer.setErrorCode(epochCheck.code());
        }
        EpochEndOffset end = log.get().endOffsetForEpoch(asked.leaderEpoch());
        return answer.setErrorCode(Errors.NONE.code()).setLeaderEpoch(end.leaderEpoch()).setEndOffset(end.endOffset());
    }

    /** Kafka's {@code Partition.checkCurrentLeaderEpoch}: the caller's view of the leader epoch against ours. */
    static Errors checkCurrentLeaderEpoch(int callerEpoch, int localEpoch) {
        if (callerEpoch == RecordBatch.NO_PARTITION_LEADER_EPOCH) {
            return Errors.NONE;
        }
        if (localEpoch > callerEpoch) {
            return Errors.FENCED_LEADER_EPOCH;
        }
        return localEpoch < callerEpoch ? Errors.UNKNOWN_LEADER_EPOCH : Errors.NONE;
    }
}
