package io.lanes.broker.share;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.coordinator.share.AcquiredRecords;
import io.lanes.coordinator.share.ShareGroups;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.message.ShareFetchResponseData.PartitionData;
import org.apache.kafka.common.message.ShareFetchResponseData.ShareFetchableTopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ShareFetch (KIP-932): settles the acknowledgements the request carries, then acquires records for the member
 * from every share-partition of its share session (at most MaxRecords per share-partition), answering with the
 * batches read and the acquired offsets with their delivery counts. With nothing acquired it waits (long poll) up
 * to MaxWaitMs for new records. Epoch 0 opens the session, -1 closes it (acknowledgements only, then what the
 * member still holds is released). The answer leaves once the acknowledgements are durable.
 *
 * <p>Version 2 (Kafka 4.2+): acknowledge type Renew (4, KIP-1222) keeps a record's lock for another lock duration;
 * a request with IsRenewAck only settles its acknowledgements and acquires nothing (its MaxBytes, MinBytes,
 * MaxRecords and MaxWaitMs must be 0, else INVALID_REQUEST). ShareAcquireMode record_limit (KIP-1206) makes
 * MaxRecords a limit on the whole fetch; batch_optimized (0) applies it per share-partition. Lanes acquires record by
 * record, so neither mode rounds up to whole batches. Renew in version 1 is INVALID_REQUEST (per partition).
 * A topic the principal may not READ answers TOPIC_AUTHORIZATION_FAILED and joins no session (Kafka's check).
 */
final class ShareFetchHandler implements ApiHandler<ShareFetchRequestData> {
    /** ShareAcquireMode id of {@code share.acquire.mode=record_limit} (0 is batch_optimized). */
    static final byte RECORD_LIMIT = 1;
    private final BrokerServices broker;
    private final ShareGroups groups;
    private final ShareSessions sessions;
    private final SharePartitionManager manager;

    ShareFetchHandler(BrokerServices broker, ShareGroups groups, ShareSessions sessions, SharePartitionManager manager) {
        this.broker = broker;
        this.groups = groups;
        this.sessions = sessions;
        this.manager = manager;
    }

    @Override
    public CompletableFuture<ShareFetchResponseData> handle(RequestContext context, ShareFetchRequestData request) {
        String groupId = request.groupId();
        String memberId = request.memberId();
        if (groupId == null || groupId.isEmpty() || memberId == null || memberId.isEmpty()) {
            return CompletableFuture.completedFuture(topLevel(Errors.INVALID_REQUEST));
        }
        boolean renewOnly = context.apiVersion() >= 2 && request.isRenewAck();
        if (renewOnly && (request.maxBytes() != 0 || request.minBytes() != 0 || request.maxRecords() != 0
                || request.maxWaitMs() != 0)) {
            // KIP-1222: a renewal fetch only carries acknowledgements, so it asks for nothing
            return CompletableFuture.completedFuture(topLevel(Errors.INVALID_REQUEST));
        }
        if (request.shareSessionEpoch() == ShareSessions.INITIAL_EPOCH && !groups.isMember(groupId, memberId)) {
            return CompletableFuture.completedFuture(topLevel(Errors.UNKNOWN_MEMBER_ID));
        }
        ShareSessions.Checked checked = sessions.begin(groupId, memberId, request.shareSessionEpoch());
        if (checked.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(topLevel(checked.error()));
        }
        boolean closing = request.shareSessionEpoch() == ShareSessions.FINAL_EPOCH;
        ShareSessions.Session session = checked.session();
        Responses responses = new Responses();
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        synchronized (session) {
            for (ShareFetchRequestData.FetchTopic topic : request.topics()) {
                Optional<TopicInfo> info = broker.topics().topic(topic.topicId());
                for (ShareFetchRequestData.FetchPartition p : topic.partitions()) {
                    if (info.isEmpty()) {
                        responses.partition(topic.topicId(), p.partitionIndex())
                                .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
                        continue;
                    }
                    if (!broker.authorizer().authorize(context, AclOperation.READ, ResourceType.TOPIC,
                            info.get().name())) {
                        responses.partition(topic.topicId(), p.partitionIndex())
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                        continue;
                    }
                    if (!closing) {
                        session.partitions.add(new TopicIdPartition(topic.topicId(), p.partitionIndex(), info.get().name()));
                    }
                    if (!p.acknowledgementBatches().isEmpty()) {
                        List<io.lanes.coordinator.share.Acknowledgement> acks;
                        try {
                            acks = Acknowledgements.of(p.acknowledgementBatches(), context.apiVersion());
                        } catch (IllegalArgumentException e) {
                            responses.partition(topic.topicId(), p.partitionIndex())
                                    .setAcknowledgeErrorCode(Errors.INVALID_REQUEST.code());
                            continue;
                        }
                        SharePartitionManager.Acknowledged acked = manager.acknowledge(groupId, memberId, info.get(),
                                p.partitionIndex(), acks);
                        responses.partition(topic.topicId(), p.partitionIndex())
                                .setAcknowledgeErrorCode(acked.error().code());
                        durable.add(acked.durable());
                    }
                }
            }
            for (ShareFetchRequestData.ForgottenTopic forgotten : request.forgottenTopicsData()) {
                session.partitions.removeIf(tp -> tp.topicId().equals(forgotten.topicId())
                        && forgotten.partitions().contains(tp.partition()));
            }
        }
        CompletableFuture<Void> acknowledged = CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new));
        if (closing) {
            CompletableFuture<Void> released = manager.releaseMember(groupId, memberId);
            return acknowledged.thenCombine(released, (a, b) -> responses.build(manager.lockDurationMs(groupId)))
                    .exceptionally(e -> topLevel(Errors.KAFKA_STORAGE_ERROR));
        }
        if (renewOnly) {
            return acknowledged.thenApply(v -> responses.build(manager.lockDurationMs(groupId)))
                    .exceptionally(e -> topLevel(Errors.KAFKA_STORAGE_ERROR));
        }
        List<TopicIdPartition> targets;
        synchronized (session) {
            targets = List.copyOf(session.partitions);
        }
        boolean acquiredAny = acquire(groupId, memberId, request, targets, responses);
        if (acquiredAny || !durable.isEmpty() || request.maxWaitMs() <= 0 || targets.isEmpty()) {
            return acknowledged.thenApply(v -> responses.build(manager.lockDurationMs(groupId)))
                    .exceptionally(e -> topLevel(Errors.KAFKA_STORAGE_ERROR));
        }
        List<TopicPartition> partitions = targets.stream().map(TopicIdPartition::topicPartition).toList();
        return broker.delayedFetches().await(partitions, context.executor(), request.maxWaitMs(),
                () -> acquire(groupId, memberId, request, targets, responses)
                        ? Optional.of(responses.build(manager.lockDurationMs(groupId))) : Optional.empty(),
                () -> {
                    acquire(groupId, memberId, request, targets, responses);
                    return responses.build(manager.lockDurationMs(groupId));
                });
    }

    /** Acquires from each target share-partition into {@code responses}; true if anything was acquired. */
    private boolean acquire(String groupId, String memberId, ShareFetchRequestData request,
                            List<TopicIdPartition> targets, Responses responses) {
        boolean any = false;
        int remainingBytes = request.maxBytes();
        int maxRecords = request.maxRecords() > 0 ? request.maxRecords() : 500;
        // KIP-1206 record_limit: MaxRecords bounds the whole fetch; batch_optimized: each share-partition
        boolean recordLimit = request.shareAcquireMode() == RECORD_LIMIT;
        for (TopicIdPartition target : targets) {
            Optional<TopicInfo> info = broker.topics().topic(target.topicId());
            if (info.isEmpty()) {
                responses.partition(target.topicId(), target.partition()).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
                continue;
            }
            if (remainingBytes <= 0 || maxRecords <= 0) {
                break;
            }
            SharePartitionManager.Acquired acquired = manager.acquire(groupId, memberId, info.get(),
                    target.partition(), maxRecords, remainingBytes, recordLimit);
            if (acquired.error() != Errors.NONE) {
                responses.partition(target.topicId(), target.partition()).setErrorCode(acquired.error().code());
                continue;
            }
            if (acquired.acquired().isEmpty()) {
                continue;
            }
            any = true;
            remainingBytes -= acquired.records().sizeInBytes();
            if (recordLimit) {
                for (AcquiredRecords run : acquired.acquired()) {
                    maxRecords -= (int) (run.lastOffset() - run.firstOffset() + 1);
                }
            }
            List<ShareFetchResponseData.AcquiredRecords> runs = new ArrayList<>();
            for (AcquiredRecords run : acquired.acquired()) {
                runs.add(new ShareFetchResponseData.AcquiredRecords().setFirstOffset(run.firstOffset())
                        .setLastOffset(run.lastOffset()).setDeliveryCount(run.deliveryCount()));
            }
            responses.partition(target.topicId(), target.partition())
                    .setRecords(acquired.records()).setAcquiredRecords(runs);
        }
        return any;
    }

    private ShareFetchResponseData topLevel(Errors error) {
        return new ShareFetchResponseData().setErrorCode(error.code());
    }

    /** The partitions of the response, by topic then partition, in the order first touched. */
    private final class Responses {
        private final Map<org.apache.kafka.common.Uuid, Map<Integer, PartitionData>> byTopic = new LinkedHashMap<>();

        synchronized PartitionData partition(org.apache.kafka.common.Uuid topicId, int partition) {
            return byTopic.computeIfAbsent(topicId, t -> new LinkedHashMap<>()).computeIfAbsent(partition,
                    p -> new PartitionData().setPartitionIndex(p).setRecords(MemoryRecords.EMPTY)
                            .setCurrentLeader(new ShareFetchResponseData.LeaderIdAndEpoch()
                                    .setLeaderId(broker.nodeId()).setLeaderEpoch(0)));
        }

        synchronized ShareFetchResponseData build(long lockDurationMs) {
            ShareFetchResponseData response = new ShareFetchResponseData().setErrorCode(Errors.NONE.code())
                    .setAcquisitionLockTimeoutMs((int) Math.min(Integer.MAX_VALUE, lockDurationMs));
            byTopic.forEach((topicId, partitions) -> response.responses().add(new ShareFetchableTopicResponse()
                    .setTopicId(topicId).setPartitions(new ArrayList<>(partitions.values()))));
            response.nodeEndpoints().add(new ShareFetchResponseData.NodeEndpoint().setNodeId(broker.nodeId())
                    .setHost(broker.advertisedHost()).setPort(broker.advertisedPort()));
            return response;
        }
    }
}
