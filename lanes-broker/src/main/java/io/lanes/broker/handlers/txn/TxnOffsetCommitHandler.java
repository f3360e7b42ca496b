package io.lanes.broker.handlers.txn;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.coordinator.InternalTopicLog;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.broker.security.acl.AclAuthorizer;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * TxnOffsetCommit v0-v6. As Kafka, the topics are sorted out first: from v6 (KIP-1319) topics are named by id
 * and an id the broker does not know answers UNKNOWN_TOPIC_ID; topics the principal may not READ answer
 * TOPIC_AUTHORIZATION_FAILED; before v6 a topic name the broker does not know answers UNKNOWN_TOPIC_OR_PARTITION.
 * When no topic is left the answer leaves without touching the transaction.
 * Otherwise the transaction coordinator checks that the producer is current and its transaction includes the
 * group's offsets partition (AddOffsetsToTxn), then the offsets are written as part of the transaction. A fenced
 * producer gets INVALID_PRODUCER_EPOCH (PRODUCER_FENCED from v3), a transaction without the group
 * INVALID_TXN_STATE, for every partition. From v5 (transaction version 2, KIP-890) the client sends no
 * AddOffsetsToTxn: the offsets partition is added to the transaction here, as Kafka's verification does.
 * Responses name topics as the request did (ids from v6).
 */
final class TxnOffsetCommitHandler implements ApiHandler<TxnOffsetCommitRequestData> {
    private static final short PRODUCER_FENCED_VERSION = 3;
    private static final short IMPLICIT_ADD_VERSION = 5;
    private static final short TOPIC_ID_VERSION = 6;

    private final TransactionCoordinator transactions;
    private final GroupCoordinator groups;
    private final InternalTopicLog offsetsTopic;
    private final TopicManager topics;
    private final AclAuthorizer authorizer;

    TxnOffsetCommitHandler(TransactionCoordinator transactions, GroupCoordinator groups, InternalTopicLog offsetsTopic,
                           TopicManager topics, AclAuthorizer authorizer) {
        this.transactions = transactions;
        this.groups = groups;
        this.offsetsTopic = offsetsTopic;
        this.topics = topics;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<TxnOffsetCommitResponseData> handle(RequestContext context, TxnOffsetCommitRequestData request) {
        List<TxnOffsetCommitResponseTopic> refused = new ArrayList<>();
        List<TxnOffsetCommitRequestTopic> accepted = new ArrayList<>();
        boolean byId = context.apiVersion() >= TOPIC_ID_VERSION;
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            Errors error = Errors.NONE;
            if (byId) {
                Optional<TopicInfo> known = topics.topic(topic.topicId());
                known.ifPresent(info -> topic.setName(info.name()));
                error = known.isPresent() ? Errors.NONE : Errors.UNKNOWN_TOPIC_ID;
            }
            if (error == Errors.NONE && authorizer.enabled()
                    && !authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, topic.name())) {
                error = Errors.TOPIC_AUTHORIZATION_FAILED;
            }
            if (error == Errors.NONE && !byId && topics.topic(topic.name()).isEmpty()) {
                error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
            }
            if (error == Errors.NONE) {
                accepted.add(topic);
            } else {
                refused.add(answer(topic, error));
            }
        }
        if (accepted.isEmpty()) {
            return CompletableFuture.completedFuture(new TxnOffsetCommitResponseData().setTopics(refused));
        }
        return commit(context, request.setTopics(accepted)).thenApply(response -> {
            response.topics().addAll(refused);
            return response;
        });
    }

    private CompletableFuture<TxnOffsetCommitResponseData> commit(RequestContext context,
                                                                  TxnOffsetCommitRequestData request) {
        TopicPartition offsetsPartition = new TopicPartition(offsetsTopic.topic(), groups.partitionFor(request.groupId()));
        if (context.apiVersion() >= IMPLICIT_ADD_VERSION) {
            return transactions.addPartitions(request.transactionalId(), request.producerId(), request.producerEpoch(),
                            Set.of(offsetsPartition), TransactionCoordinator.CLIENT_VERSION_2)
                    .thenCompose(added -> added == Errors.NONE
                            ? verifiedCommit(context, request, offsetsPartition)
                            : CompletableFuture.completedFuture(failed(request, notAdded(added))));
        }
        return verifiedCommit(context, request, offsetsPartition);
    }

    private CompletableFuture<TxnOffsetCommitResponseData> verifiedCommit(RequestContext context,
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
        return groups.commitTransactionalOffsets(context.apiVersion(), request);
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
        request.topics().forEach(topic -> response.topics().add(answer(topic, error)));
        return response;
    }

    /** Every partition of the topic with the error; the topic named as the request named it (name or id). */
    private static TxnOffsetCommitResponseTopic answer(TxnOffsetCommitRequestTopic topic, Errors error) {
        TxnOffsetCommitResponseTopic answer = new TxnOffsetCommitResponseTopic()
                .setName(topic.name()).setTopicId(topic.topicId() == null ? Uuid.ZERO_UUID : topic.topicId());
        topic.partitions().forEach(p -> answer.partitions().add(new TxnOffsetCommitResponsePartition()
                .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code())));
        return answer;
    }
}
