package io.lanes.broker.handlers;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metrics.BrokerMetrics;
import io.lanes.coordinator.txn.TransactionCoordinator;
import io.lanes.storage.AppendResult;
import io.lanes.storage.Durability;
import io.lanes.storage.PartitionLog;
import io.lanes.storage.InvalidRecordsException;
import io.lanes.storage.RecordTimestampException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Produce: appends each partition's batches to its log as sent and answers with the assigned
 * base offset.
 *
 * <p>acks=0 gets no response; acks=1 is answered once the batches are in the log; acks=all is
 * answered once they are durable (in {@code fsync} mode after the group-commit fsync; in
 * {@code page-cache} mode at once, as a single in-sync replica in Kafka). Other acks values
 * fail with INVALID_REQUIRED_ACKS. Per-partition failures carry Kafka's error codes
 * (UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID, CORRUPT_MESSAGE, MESSAGE_TOO_LARGE,
 * OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH, ...) and leave other partitions alone;
 * with an authorizer a topic needs WRITE (else TOPIC_AUTHORIZATION_FAILED), and a transactional
 * request WRITE on its transactional id (checked by the request guard).
 *
 * <p>Transactional batches are verified against the transaction coordinator first (Kafka's
 * {@code transaction.partition.verification.enable}): the producer's epoch must be current (else
 * INVALID_PRODUCER_EPOCH) and the partition part of its open transaction (else TRANSACTION_ABORTABLE, or
 * INVALID_TXN_STATE for Produce v10 and older), so a late write can never join a finished transaction. From
 * Produce v12 (transaction version 2, KIP-890 part 2) the client sends no AddPartitionsToTxn: the verification
 * adds the request's partitions to the transaction first (as Kafka's AddPartitionsToTxnManager does with
 * {@code verifyOnly=false}); a failed addition fails those partitions, a retriable one (being decided, or the
 * coordinator unavailable) as NOT_ENOUGH_REPLICAS so that every client retries, as Kafka answers.
 */
public final class ProduceHandler implements ApiHandler<ProduceRequestData> {
    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);
    private static final short ACKS_ALL = -1;

    /** The first Produce version whose clients understand TRANSACTION_ABORTABLE. */
    private static final short TRANSACTION_ABORTABLE_VERSION = 11;
    /** The first Produce version of transaction version 2: partitions are added to the transaction implicitly. */
    private static final short IMPLICIT_ADD_VERSION = 12;
    /** Shared, never completed by anyone else: a request that adds nothing to a transaction allocates nothing. */
    private static final CompletableFuture<Map<TopicPartition, Errors>> NOTHING_TO_ADD =
            CompletableFuture.completedFuture(Map.of());

    private final BrokerServices broker;
    private final TransactionCoordinator transactions;
    private final BrokerMetrics metrics;
    private final ProduceObserver observer;
    /**
     * By connection (its remote address), its latest request whose append was deferred, until it has
     * appended; touched on the connection's event loop only.
     */
    private final Map<SocketAddress, CompletableFuture<?>> deferred = new ConcurrentHashMap<>();

    /**
     * @param metrics  counts bytes and records in per partition, and the time acks=all waits for durability
     * @param observer sees every appended request's records (hot-key sampling); called on the event loop
     */
    public ProduceHandler(BrokerServices broker, TransactionCoordinator transactions, BrokerMetrics metrics,
                          ProduceObserver observer) {
        this.broker = broker;
        this.transactions = transactions;
        this.metrics = metrics;
        this.observer = observer;
    }

    /**
     * Appends at once, unless the request's partitions wait for their addition to a transaction or an
     * earlier request of the same connection still waits for its own: then it appends after both, so
     * a connection's appends keep the order it sent them in (Kafka serves one request of a connection
     * at a time; an idempotent producer's sequence numbers depend on it).
     */
    @Override
    public CompletableFuture<ProduceResponseData> handle(RequestContext context, ProduceRequestData request) {
        SocketAddress connection = context.clientAddress();
        CompletableFuture<?> earlier = connection == null ? null : deferred.get(connection);
        boolean afterEarlier = earlier != null && !earlier.isDone();
        CompletableFuture<Map<TopicPartition, Errors>> added =
                context.apiVersion() >= IMPLICIT_ADD_VERSION && request.transactionalId() != null
                        ? addToTransaction(request) : NOTHING_TO_ADD;
        if (!afterEarlier && added.isDone()) {
            return produce(context, request, added.join());
        }
        detachRecords(request);
        CompletableFuture<?> previous = afterEarlier ? earlier.handle((response, error) -> null)
                : CompletableFuture.completedFuture(null);
        // append on the connection's event loop, as always
        CompletableFuture<CompletableFuture<ProduceResponseData>> appended = previous
                .thenCombine(added, (ignored, notAdded) -> notAdded)
                .thenApplyAsync(notAdded -> produce(context, request, notAdded), context.executor());
        if (connection != null) {
            deferred.put(connection, appended);
            appended.whenComplete((response, error) -> deferred.remove(connection, appended));
        }
        return appended.thenCompose(response -> response);
    }

    /**
     * Replaces every partition's records with a copy of their bytes, for an append that happens
     * later: the records are views of the connection's receive buffer, released when
     * {@link #handle} returns.
     */
    private static void detachRecords(ProduceRequestData request) {
        for (TopicProduceData topicData : request.topicData()) {
            for (PartitionProduceData partitionData : topicData.partitionData()) {
                if (partitionData.records() instanceof MemoryRecords records) {
                    ByteBuffer view = records.buffer();
                    ByteBuffer copy = ByteBuffer.allocate(view.remaining());
                    copy.put(view).flip();
                    partitionData.setRecords(MemoryRecords.readableRecords(copy));
                }
            }
        }
    }

    /**
     * Adds the partitions of the request's transactional batches to the producer's transaction.
     *
     * @return the partitions that could not be added, with the error to answer
     */
    private CompletableFuture<Map<TopicPartition, Errors>> addToTransaction(ProduceRequestData request) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        RecordBatch first = null;
        for (TopicProduceData topicData : request.topicData()) {
            Optional<TopicInfo> topic = topicData.name() == null || topicData.name().isEmpty()
                    ? broker.topics().topic(topicData.topicId())
                    : broker.topics().topic(topicData.name());
            if (topic.isEmpty()) {
                continue;
            }
            for (PartitionProduceData partitionData : topicData.partitionData()) {
                MemoryRecords records = (MemoryRecords) partitionData.records();
                if (records == null || records.sizeInBytes() == 0) {
                    continue;
                }
                RecordBatch batch = records.batches().iterator().next();
                if (batch.isTransactional()) {
                    first = first == null ? batch : first;
                    partitions.add(new TopicPartition(topic.get().name(), partitionData.index()));
                }
            }
        }
        if (first == null) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return transactions.addPartitions(request.transactionalId(), first.producerId(), first.producerEpoch(),
                        partitions, TransactionCoordinator.CLIENT_VERSION_2)
                .thenApply(error -> {
                    if (error == Errors.NONE) {
                        return Map.of();
                    }
                    Errors answer = switch (error) {
                        case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
                        case CONCURRENT_TRANSACTIONS, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS,
                             NOT_COORDINATOR -> Errors.NOT_ENOUGH_REPLICAS;
                        default -> error;
                    };
                    Map<TopicPartition, Errors> failed = new HashMap<>();
                    partitions.forEach(tp -> failed.put(tp, answer));
                    return failed;
                });
    }

    private CompletableFuture<ProduceResponseData> produce(RequestContext context, ProduceRequestData request,
                                                           Map<TopicPartition, Errors> notAdded) {
        short acks = request.acks();
        boolean validAcks = acks == ACKS_ALL || acks == 0 || acks == 1;
        ProduceResponseData response = new ProduceResponseData();
        List<CompletableFuture<Void>> durability = new ArrayList<>();
        for (TopicProduceData topicData : request.topicData()) {
            Optional<TopicInfo> topic = topicData.name() == null || topicData.name().isEmpty()
                    ? broker.topics().topic(topicData.topicId())
                    : broker.topics().topic(topicData.name());
            // As Kafka: an unknown id stays UNKNOWN_TOPIC_ID; a name needs WRITE whether the topic exists or not.
            boolean authorized = !broker.authorizer().enabled() || writable(context, topicData, topic);
            TopicProduceResponse topicResponse = new TopicProduceResponse()
                    .setName(topicData.name())
                    .setTopicId(topicData.topicId());
            for (PartitionProduceData partitionData : topicData.partitionData()) {
                PartitionProduceResponse partitionResponse = new PartitionProduceResponse()
                        .setIndex(partitionData.index())
                        .setBaseOffset(-1)
                        .setLogAppendTimeMs(-1)
                        .setLogStartOffset(-1);
                if (!validAcks) {
                    partitionResponse.setErrorCode(Errors.INVALID_REQUIRED_ACKS.code());
                } else if (!authorized) {
                    partitionResponse.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                } else if (topic.isEmpty()) {
                    partitionResponse.setErrorCode(context.apiVersion() >= 13
                            ? Errors.UNKNOWN_TOPIC_ID.code() : Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    Errors refused = notAdded.get(new TopicPartition(topic.get().name(), partitionData.index()));
                    if (refused != null) {
                        partitionResponse.setErrorCode(refused.code());
                    } else {
                        append(context, request.transactionalId(), topic.get(), partitionData, partitionResponse,
                                acks == ACKS_ALL ? durability : null);
                    }
                }
                topicResponse.partitionResponses().add(partitionResponse);
            }
            response.responses().add(topicResponse);
        }
        if (acks == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(durability.toArray(CompletableFuture[]::new)).thenApply(done -> response);
    }

    private boolean writable(RequestContext context, TopicProduceData topicData, Optional<TopicInfo> topic) {
        String name = topicData.name() == null || topicData.name().isEmpty()
                ? topic.map(TopicInfo::name).orElse(null) : topicData.name();
        return name == null || broker.authorizer().authorize(context, AclOperation.WRITE, ResourceType.TOPIC, name);
    }

    private void append(RequestContext context, String transactionalId, TopicInfo topic, PartitionProduceData data,
                        PartitionProduceResponse response, List<CompletableFuture<Void>> durability) {
        TopicPartition tp = new TopicPartition(topic.name(), data.index());
        Optional<PartitionLog> partition = broker.topics().partition(tp);
        if (partition.isEmpty()) {
            response.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            return;
        }
        PartitionLog log = partition.get();
        try {
            MemoryRecords records = (MemoryRecords) data.records();
            if (records == null || records.sizeInBytes() == 0) {
                throw new org.apache.kafka.common.errors.CorruptRecordException("Produce request for " + tp
                        + " carries no record batch");
            }
            Errors verification = verifyTransaction(context, transactionalId, tp, records);
            if (verification != Errors.NONE) {
                response.setErrorCode(verification.code());
                return;
            }
            long appendStarted = durability != null && metrics.enabled() ? System.nanoTime() : 0;
            AppendResult result = log.append(records);
            response.setBaseOffset(result.baseOffset())
                    .setLogAppendTimeMs(result.logAppendTime())
                    .setLogStartOffset(result.logStartOffset());
            if (!result.duplicate()) {
                metrics.traffic().partition(tp).produced(records.sizeInBytes(), result.recordCount());
                observer.appended(tp, records, result.recordCount());
            }
            if (durability != null) {
                CompletableFuture<Void> durable = log.awaitDurable(result.lastOffset() + 1);
                if (appendStarted != 0 && broker.logs().durability() == Durability.FSYNC) {
                    durable = durable.whenComplete((v, e) -> metrics.durable(System.nanoTime() - appendStarted));
                }
                durability.add(durable);
            }
        } catch (RecordTimestampException e) {
            ProduceHandler.log.debug("Produce to {} rejected: {}", tp, e.getMessage());
            for (RecordTimestampException.RecordError error : e.recordErrors()) {
                response.recordErrors().add(new BatchIndexAndErrorMessage()
                        .setBatchIndex(error.index()).setBatchIndexErrorMessage(error.message()));
            }
            response.setErrorCode(Errors.INVALID_TIMESTAMP.code()).setErrorMessage(e.getMessage());
        } catch (InvalidRecordsException e) {
            ProduceHandler.log.debug("Produce to {} rejected: {}", tp, e.getMessage());
            for (RecordTimestampException.RecordError error : e.recordErrors()) {
                response.recordErrors().add(new BatchIndexAndErrorMessage()
                        .setBatchIndex(error.index()).setBatchIndexErrorMessage(error.message()));
            }
            response.setErrorCode(Errors.INVALID_RECORD.code()).setErrorMessage(e.getMessage());
        } catch (ApiException e) {
            ProduceHandler.log.debug("Produce to {} rejected: {}", tp, e.getMessage());
            response.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
        } catch (RuntimeException e) {
            ProduceHandler.log.error("Produce to {} failed", tp, e);
            response.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
        }
    }

    private Errors verifyTransaction(RequestContext context, String transactionalId, TopicPartition tp,
                                     MemoryRecords records) {
        RecordBatch first = records.batches().iterator().next();
        if (!first.isTransactional() || transactionalId == null) {
            return Errors.NONE;
        }
        Errors error = transactions.verify(transactionalId, first.producerId(), first.producerEpoch(), tp);
        if (error == Errors.PRODUCER_FENCED) {
            return Errors.INVALID_PRODUCER_EPOCH;
        }
        if (error == Errors.TRANSACTION_ABORTABLE && context.apiVersion() < TRANSACTION_ABORTABLE_VERSION) {
            return Errors.INVALID_TXN_STATE;
        }
        if (error != Errors.NONE) {
            ProduceHandler.log.debug("Transactional produce of {} to {} refused: {}", transactionalId, tp, error);
        }
        return error;
    }
}
