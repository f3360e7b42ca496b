package io.lanes.broker.handlers.txn;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.lanes.broker.security.acl.AclAuthorizer;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * AddPartitionsToTxn v0-v3, the client's form (v4+ is the broker-to-broker batch of KIP-890, which a single
 * node does not need). Partitions of unknown topics answer UNKNOWN_TOPIC_OR_PARTITION and the others
 * OPERATION_NOT_ATTEMPTED; otherwise the coordinator's answer applies to every partition.
 */
final class AddPartitionsToTxnHandler implements ApiHandler<AddPartitionsToTxnRequestData> {
    static final short MAX_CLIENT_VERSION = 3;

    private final BrokerServices broker;
    private final TransactionCoordinator coordinator;

    AddPartitionsToTxnHandler(BrokerServices broker, TransactionCoordinator coordinator) {
        this.broker = broker;
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AddPartitionsToTxnResponseData> handle(RequestContext context,
                                                                    AddPartitionsToTxnRequestData request) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        Set<String> unauthorized = new java.util.HashSet<>();
        boolean unknown = false;
        for (AddPartitionsToTxnTopic topic : request.v3AndBelowTopics()) {
            // As Kafka: WRITE on each topic (the transactional id is checked before).
            if (!broker.authorizer().authorize(context, AclOperation.WRITE, ResourceType.TOPIC, topic.name())) {
                unauthorized.add(topic.name());
            }
            for (int p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                partitions.add(tp);
                unknown |= broker.topics().partition(tp).isEmpty();
            }
        }
        if (unknown || !unauthorized.isEmpty()) {
            return CompletableFuture.completedFuture(response(partitions,
                    tp -> unauthorized.contains(tp.topic()) ? Errors.TOPIC_AUTHORIZATION_FAILED
                            : broker.topics().partition(tp).isEmpty() ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                            : Errors.OPERATION_NOT_ATTEMPTED));
        }
        return coordinator.addPartitions(request.v3AndBelowTransactionalId(), request.v3AndBelowProducerId(),
                        request.v3AndBelowProducerEpoch(), partitions)
                .thenApply(error -> {
                    Errors answer = TxnErrors.forVersion(error, context.apiVersion());
                    return response(partitions, tp -> answer);
                });
    }

    private static AddPartitionsToTxnResponseData response(Set<TopicPartition> partitions,
                                                           java.util.function.Function<TopicPartition, Errors> error) {
        AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData();
        for (TopicPartition tp : partitions) {
            AddPartitionsToTxnTopicResult topic = response.resultsByTopicV3AndBelow().find(tp.topic());
            if (topic == null) {
                topic = new AddPartitionsToTxnTopicResult().setName(tp.topic());
                response.resultsByTopicV3AndBelow().add(topic);
            }
            topic.resultsByPartition().add(new AddPartitionsToTxnPartitionResult()
                    .setPartitionIndex(tp.partition())
                    .setPartitionErrorCode(error.apply(tp).code()));
        }
        return response;
    }
}
