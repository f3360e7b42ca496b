package io.lanes.broker.handlers;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metrics.BrokerMetrics;
import io.lanes.broker.metrics.PartitionMeters;
import io.lanes.storage.AbortedTxn;
import io.lanes.storage.PartitionLog;
import io.lanes.storage.ReadResult;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.FetchResponseData.AbortedTransaction;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Fetch: reads whole batches from each requested partition, up to the high watermark, within
 * the per-partition and total byte limits (the first partition with data returns at least one
 * batch, as in Kafka, so a batch larger than the limits never blocks a consumer). Records are
 * sent from the segment files without copying (see the protocol module's response encoder).
 *
 * <p>When fewer than {@code fetch.min.bytes} are available, the request waits (long poll) until
 * enough data arrives or {@code fetch.max.wait.ms} passes. Incremental fetch sessions (KIP-227)
 * are declined: every response carries session id 0, so clients send full requests; a request
 * naming a session gets FETCH_SESSION_ID_NOT_FOUND. Read-committed and read-uncommitted see the
 * same data until transactions exist (the last stable offset equals the high watermark).
 * With an authorizer a topic needs READ, else its partitions get TOPIC_AUTHORIZATION_FAILED. A fetch from a
 * follower replica (replica id 0 or more) reads nothing: see {@link #followerFetch}.
 */
public final class FetchHandler implements ApiHandler<FetchRequestData> {
    private static final Logger log = LoggerFactory.getLogger(FetchHandler.class);
    private static final int INITIAL_EPOCH = 0;
    private static final int FINAL_EPOCH = -1;

    private final BrokerServices broker;
    private final BrokerMetrics metrics;

    /** @param metrics counts the bytes each response sends per partition */
    public FetchHandler(BrokerServices broker, BrokerMetrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
    }

    /** One partition to read: where the topic is found and from which offset. */
    private record Target(FetchableTopicResponse topicResponse, TopicInfo topic, FetchPartition partition) {
    }

    @Override
    public CompletableFuture<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
        if (request.sessionId() != 0) {
            return CompletableFuture.completedFuture(topLevelError(Errors.FETCH_SESSION_ID_NOT_FOUND));
        }
        if (request.sessionEpoch() != INITIAL_EPOCH && request.sessionEpoch() != FINAL_EPOCH) {
            return CompletableFuture.completedFuture(topLevelError(Errors.INVALID_FETCH_SESSION_EPOCH));
        }
        boolean byId = context.apiVersion() >= 13;
        int replicaId = FetchRequest.replicaId(request);
        if (replicaId >= 0) {
            return CompletableFuture.completedFuture(followerFetch(context, request, replicaId, byId));
        }
        boolean readCommitted = request.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        List<Target> targets = new ArrayList<>();
        List<FetchableTopicResponse> unknown = new ArrayList<>();
        for (FetchTopic fetchTopic : request.topics()) {
            Optional<TopicInfo> topic = topic(fetchTopic, byId);
            FetchableTopicResponse topicResponse = responseFor(fetchTopic);
            // As Kafka: an unknown id stays UNKNOWN_TOPIC_ID; a name needs READ whether the topic exists or not.
            boolean authorized = !broker.authorizer().enabled() || readable(context, byId, fetchTopic, topic);
            if (!authorized || topic.isEmpty()) {
                Errors error = !authorized ? Errors.TOPIC_AUTHORIZATION_FAILED
                        : byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                for (FetchPartition p : fetchTopic.partitions()) {
                    topicResponse.partitions().add(emptyPartition(p.partition()).setErrorCode(error.code()));
                }
                unknown.add(topicResponse);
                continue;
            }
            for (FetchPartition p : fetchTopic.partitions()) {
                targets.add(new Target(topicResponse, topic.get(), p));
            }
        }
        FetchResponseData first = read(targets, unknown, request.maxBytes(), readCommitted);
        int available = bytes(first);
        if (available >= request.minBytes() || request.maxWaitMs() <= 0 || hasErrors(first) || targets.isEmpty()) {
            return CompletableFuture.completedFuture(counted(first));
        }
        List<TopicPartition> partitions = targets.stream()
                .map(t -> new TopicPartition(t.topic.name(), t.partition.partition()))
                .toList();
        return broker.delayedFetches().await(partitions, context.executor(), request.maxWaitMs(),
                () -> {
                    FetchResponseData retry = read(targets, unknown, request.maxBytes(), readCommitted);
                    return bytes(retry) >= request.minBytes() || hasErrors(retry) ? Optional.of(retry) : Optional.empty();
                },
                () -> read(targets, unknown, request.maxBytes(), readCommitted)).thenApply(this::counted);
    }

    /**
     * A fetch from a follower replica, as Kafka answers it: the follower needs CLUSTER_ACTION (else every partition
     * gets TOPIC_AUTHORIZATION_FAILED), and a partition of this broker gets NOT_LEADER_OR_FOLLOWER, as the broker
     * has no followers; nothing is read, so no data leaves without the consumer path's READ check.
     */
    private FetchResponseData followerFetch(RequestContext context, FetchRequestData request, int replicaId,
                                            boolean byId) {
        boolean authorized = !broker.authorizer().enabled()
                || broker.authorizer().authorizeCluster(context, AclOperation.CLUSTER_ACTION);
        FetchResponseData response = new FetchResponseData().setSessionId(0);
        for (FetchTopic fetchTopic : request.topics()) {
            Optional<TopicInfo> topic = topic(fetchTopic, byId);
            FetchableTopicResponse topicResponse = responseFor(fetchTopic);
            for (FetchPartition p : fetchTopic.partitions()) {
                Errors error;
                if (!authorized) {
                    error = Errors.TOPIC_AUTHORIZATION_FAILED;
                } else if (topic.isEmpty()) {
                    error = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (broker.topics().partition(new TopicPartition(topic.get().name(), p.partition())).isEmpty()) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else {
                    error = Errors.NOT_LEADER_OR_FOLLOWER;
                }
                topicResponse.partitions().add(emptyPartition(p.partition()).setErrorCode(error.code()));
            }
            response.responses().add(topicResponse);
        }
        log.debug("Fetch from follower replica {} answered without data: this broker has no followers", replicaId);
        return response;
    }

    /** The topic a fetch names, by id from version 13, else by name. */
    private Optional<TopicInfo> topic(FetchTopic fetchTopic, boolean byId) {
        return byId ? broker.topics().topic(fetchTopic.topicId()) : broker.topics().topic(fetchTopic.topic());
    }

    /** The response's entry for a topic, named as the request named it. */
    private static FetchableTopicResponse responseFor(FetchTopic fetchTopic) {
        return new FetchableTopicResponse().setTopic(fetchTopic.topic()).setTopicId(fetchTopic.topicId());
    }

    private boolean readable(RequestContext context, boolean byId, FetchTopic fetchTopic, Optional<TopicInfo> topic) {
        String name = byId ? topic.map(TopicInfo::name).orElse(null) : fetchTopic.topic();
        return name == null || broker.authorizer().authorize(context, AclOperation.READ, ResourceType.TOPIC, name);
    }

    /**
     * Counts the bytes and records the response sends per partition (only the response sent, not discarded
     * long-poll reads); records from each batch's header, not per record.
     */
    private FetchResponseData counted(FetchResponseData response) {
        if (!metrics.enabled()) {
            return response;
        }
        for (FetchableTopicResponse topic : response.responses()) {
            String name = topic.topic() != null && !topic.topic().isEmpty() ? topic.topic()
                    : broker.topics().topic(topic.topicId()).map(TopicInfo::name).orElse(null);
            if (name == null) {
                continue;
            }
            for (PartitionData p : topic.partitions()) {
                int bytes = p.records() == null ? 0 : p.records().sizeInBytes();
                if (bytes > 0) {
                    metrics.traffic().partition(new TopicPartition(name, p.partitionIndex()))
                            .fetched(bytes, PartitionMeters.records(p.records()));
                }
            }
        }
        return response;
    }

    private FetchResponseData read(List<Target> targets, List<FetchableTopicResponse> unknown, int maxBytes,
                                   boolean readCommitted) {
        FetchResponseData response = new FetchResponseData().setSessionId(0).setErrorCode(Errors.NONE.code());
        FetchableTopicResponse current = null;
        FetchableTopicResponse source = null;
        int remaining = maxBytes;
        for (Target target : targets) {
            if (target.topicResponse != source) {
                source = target.topicResponse;
                current = new FetchableTopicResponse()
                        .setTopic(target.topicResponse.topic())
                        .setTopicId(target.topicResponse.topicId());
                response.responses().add(current);
            }
            PartitionData data = readPartition(target, remaining, remaining == maxBytes, readCommitted);
            remaining -= data.records() == null ? 0 : data.records().sizeInBytes();
            current.partitions().add(data);
        }
        for (FetchableTopicResponse topic : unknown) {
            response.responses().add(topic.duplicate());
        }
        return response;
    }

    /**
     * Reads up to the high watermark, or for read_committed up to the last stable offset, then with the aborted
     * transactions among the records returned (the client drops their records).
     */
    private PartitionData readPartition(Target target, int remaining, boolean nothingReadYet, boolean readCommitted) {
        FetchPartition request = target.partition;
        TopicPartition tp = new TopicPartition(target.topic.name(), request.partition());
        PartitionData data = emptyPartition(request.partition());
        Optional<PartitionLog> partition = broker.topics().partition(tp);
        if (partition.isEmpty()) {
            return data.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        PartitionLog log = partition.get();
        try {
            long lastStable = log.lastStableOffset();
            long limit = readCommitted ? lastStable : log.highWatermark();
            ReadResult result = log.read(request.fetchOffset(), Math.min(request.partitionMaxBytes(),
                    Math.max(remaining, 0)), limit, nothingReadYet);
            if (readCommitted) {
                // Only records returned can belong to an aborted transaction; an empty read skips the index.
                data.setAbortedTransactions(result.records() == null || result.records().sizeInBytes() == 0
                        ? List.of() : abortedTransactions(log, request.fetchOffset(), limit));
            }
            return data.setHighWatermark(result.highWatermark())
                    .setLastStableOffset(Math.min(lastStable, result.highWatermark()))
                    .setLogStartOffset(result.logStartOffset())
                    .setRecords(result.records() == null ? MemoryRecords.EMPTY : result.records());
        } catch (ApiException e) {
            return data.setErrorCode(Errors.forException(e).code())
                    .setHighWatermark(log.highWatermark())
                    .setLastStableOffset(log.lastStableOffset())
                    .setLogStartOffset(log.logStartOffset());
        } catch (RuntimeException e) {
            FetchHandler.log.error("Fetch from {} at offset {} failed", tp, request.fetchOffset(), e);
            return data.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
    }

    private static List<AbortedTransaction> abortedTransactions(PartitionLog log, long from, long to) {
        List<AbortedTransaction> out = new ArrayList<>();
        for (AbortedTxn txn : log.abortedTransactions(from, to)) {
            out.add(new AbortedTransaction().setProducerId(txn.producerId()).setFirstOffset(txn.firstOffset()));
        }
        return out;
    }

    private static PartitionData emptyPartition(int index) {
        return new PartitionData()
                .setPartitionIndex(index)
                .setHighWatermark(-1)
                .setLastStableOffset(-1)
                .setLogStartOffset(-1)
                .setPreferredReadReplica(-1)
                .setRecords(MemoryRecords.EMPTY);
    }

    private static FetchResponseData topLevelError(Errors error) {
        return new FetchResponseData().setErrorCode(error.code()).setSessionId(0);
    }

    private static int bytes(FetchResponseData response) {
        int total = 0;
        for (FetchableTopicResponse topic : response.responses()) {
            for (PartitionData p : topic.partitions()) {
                total += p.records() == null ? 0 : p.records().sizeInBytes();
            }
        }
        return total;
    }

    private static boolean hasErrors(FetchResponseData response) {
        for (FetchableTopicResponse topic : response.responses()) {
            for (PartitionData p : topic.partitions()) {
                if (p.errorCode() != Errors.NONE.code()) {
                    return true;
                }
            }
        }
        return false;
    }
}
