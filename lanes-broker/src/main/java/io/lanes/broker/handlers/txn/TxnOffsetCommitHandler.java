package io.lanes.broker.handlers.txn;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.lanes.broker.security.acl.AclAuthorizer;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.coordinator.InternalTopicLog;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * TxnOffsetCommit v0-v5: first checks with the transaction coordinator that the producer is current and its
 * transaction includes the group's offsets partition (AddOffsetsToTxn), then writes the offsets as part of the
 * transaction. A fenced producer gets INVALID_PRODUCER_EPOCH (PRODUCER_FENCED from v3), a transaction without
 * the group INVALID_TXN_STATE, for every partition. From v5 (transaction version 2, KIP-890) the client sends
 * no AddOffsetsToTxn: the offsets partition is added to the transaction here, as Kafka's verification does.
 */
final class TxnOffsetCommitHandler implements ApiHandler<TxnOffsetCommitRequestData> {
    static final short MAX_VERSION = 5;
    private static final short PRODUCER_FENCED_VERSION = 3;
    private static final short IMPLICIT_ADD_VERSION = 5;

    private final TransactionCoordinator transactions;
    private final GroupCoordinator groups;
    private final InternalTopicLog offsetsTopic;

    private final AclAuthorizer authorizer;

    TxnOffsetCommitHandler(TransactionCoordinator transactions, GroupCoordinator groups, InternalTopicLog offsetsTopic,
                           AclAuthorizer authorizer) {
        this.authorizer = authorizer;
        this.transactions = transactions;
        this.groups = groups;
        this.offsetsTopic = offsetsTopic;
    }

    @Override
    public CompletableFuture<TxnOffsetCommitResponseData> handle(RequestContext context, TxnOffsetCommitRequestData request) {
        TopicPartition offsetsPartition = new TopicPartition(offsetsTopic.topic(), groups.partitionFor(request.groupId()));
        if (context.apiVersion() >= IMPLICIT_ADD_VERSION) {
            return transactions.addPartitions(request.transactionalId(), request.producerId(), request.producerEpoch(),
                            Set.of(offsetsPartition), TransactionCoordinator.CLIENT_VERSION_2)
                    .thenCompose(added -> added == Errors.NONE
                            ? commit(context, request, offsetsPartition)
                            : CompletableFuture.completedFuture(failed(request, notAdded(added))));
        }
        return commit(context, request, offsetsPartition);
    }

    private CompletableFuture<TxnOffsetCommitResponseData> commit(RequestContext context,
                                                                  TxnOffsetCommitRequestData request,
                                                                  TopicPartition offsetsPartition) {
        Errors verified = transactions.verify(request.transactionalId(), request.producerId(), request.producerEpoch(),
                offsetsPartition);
        if (verified == Errors.TRANSACTION_ABORTABLE) {
            verified = Errors.INVALID_TXN_STATE;
        }
        if (verified != Errors.NONE) {
            return CompletableFuture.completedFuture(
                    failed(request, TxnErrors.forVersion(verified, context.apiVersion(), PRODUCER_FENCED_VERSION)));
        }
        if (!authorizer.enabled()) {
            return groups.commitTransactionalOffsets(request);
        }
        // As Kafka: topics the principal may not READ get TOPIC_AUTHORIZATION_FAILED, the rest are committed.
        List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic> refused = new ArrayList<>();
        List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic> allowed = new ArrayList<>();
        for (var topic : request.topics()) {
            (authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, topic.name()) ? allowed : refused)
                    .add(topic);
        }
        if (refused.isEmpty()) {
            return groups.commitTransactionalOffsets(request);
        }
        TxnOffsetCommitResponseData refusals = failed(new TxnOffsetCommitRequestData().setTopics(refused),
                Errors.TOPIC_AUTHORIZATION_FAILED);
        if (allowed.isEmpty()) {
            return CompletableFuture.completedFuture(refusals);
        }
        return groups.commitTransactionalOffsets(request.setTopics(allowed)).thenApply(response -> {
            response.topics().addAll(refusals.topics());
            return response;
        });
    }

    /**
     * The answer when the offsets partition could not be added: retriable causes (the transaction being decided,
     * the coordinator unavailable) as COORDINATOR_NOT_AVAILABLE, which the client retries, as Kafka's group
     * coordinator answers a verification that failed that way.
     */
    private static Errors notAdded(Errors error) {
        return switch (error) {
            case CONCURRENT_TRANSACTIONS, COORDINATOR_LOAD_IN_PROGRESS, NOT_COORDINATOR -> Errors.COORDINATOR_NOT_AVAILABLE;
            default -> error;
        };
    }

    private static TxnOffsetCommitResponseData failed(TxnOffsetCommitRequestData request, Errors error) {
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        request.topics().forEach(topic -> {
            TxnOffsetCommitResponseTopic answer = new TxnOffsetCommitResponseTopic().setName(topic.name());
            topic.partitions().forEach(p -> answer.partitions().add(new TxnOffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code())));
            response.topics().add(answer);
        });
        return response;
    }
}
