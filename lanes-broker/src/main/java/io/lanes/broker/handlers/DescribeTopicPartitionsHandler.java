package io.lanes.broker.handlers;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.AuthorizedOperations;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeTopicPartitions (KIP-966), which Admin's describeTopics prefers over Metadata:
 * topics sorted by name, paged by {@code responsePartitionLimit} partitions with a cursor,
 * never auto-created. On a single node the eligible-leader-replica lists are always empty.
 */
public final class DescribeTopicPartitionsHandler implements ApiHandler<DescribeTopicPartitionsRequestData> {
    private final BrokerServices broker;

    public DescribeTopicPartitionsHandler(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<DescribeTopicPartitionsResponseData> handle(RequestContext context,
                                                                         DescribeTopicPartitionsRequestData request) {
        TreeSet<String> names = new TreeSet<>();
        if (request.topics().isEmpty()) {
            broker.topics().registry().all().forEach(t -> names.add(t.name()));
        } else {
            request.topics().stream().map(TopicRequest::name).forEach(names::add);
        }
        // As Kafka: topics the principal may not DESCRIBE are left out of a listing, and answered
        // TOPIC_AUTHORIZATION_FAILED (after the others, without their id) when asked for by name.
        List<DescribeTopicPartitionsResponseTopic> unauthorized = new ArrayList<>();
        if (broker.authorizer().enabled()) {
            for (java.util.Iterator<String> it = names.iterator(); it.hasNext(); ) {
                String name = it.next();
                if (!broker.authorizer().authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
                    it.remove();
                    if (!request.topics().isEmpty()) {
                        unauthorized.add(new DescribeTopicPartitionsResponseTopic().setName(name)
                                .setTopicId(Uuid.ZERO_UUID)
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                    }
                }
            }
        }
        DescribeTopicPartitionsRequestData.Cursor cursor = request.cursor();
        int budget = Math.max(1, request.responsePartitionLimit());
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData();
        for (String name : cursor == null ? names : names.tailSet(cursor.topicName(), true)) {
            Optional<TopicInfo> topic = broker.topics().topic(name);
            if (topic.isEmpty()) {
                response.topics().add(new DescribeTopicPartitionsResponseTopic().setName(name)
                        .setTopicId(Uuid.ZERO_UUID)
                        .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
                continue;
            }
            int first = cursor != null && name.equals(cursor.topicName()) ? cursor.partitionIndex() : 0;
            int last = Math.min(topic.get().partitions(), first + budget);
            response.topics().add(describe(context, topic.get(), first, last));
            budget -= last - first;
            if (last < topic.get().partitions() || (budget == 0 && !name.equals(names.last()))) {
                String nextTopic = last < topic.get().partitions() ? name : names.higher(name);
                response.setNextCursor(new Cursor().setTopicName(nextTopic)
                        .setPartitionIndex(last < topic.get().partitions() ? last : 0));
                break;
            }
        }
        response.topics().addAll(unauthorized);
        return CompletableFuture.completedFuture(response);
    }

    private DescribeTopicPartitionsResponseTopic describe(RequestContext context, TopicInfo topic, int first,
                                                          int last) {
        List<Integer> self = List.of(broker.nodeId());
        List<DescribeTopicPartitionsResponsePartition> partitions = new ArrayList<>();
        for (int p = first; p < last; p++) {
            partitions.add(new DescribeTopicPartitionsResponsePartition()
                    .setPartitionIndex(p)
                    .setLeaderId(broker.nodeId())
                    .setLeaderEpoch(0)
                    .setReplicaNodes(self)
                    .setIsrNodes(self)
                    .setEligibleLeaderReplicas(List.of())
                    .setLastKnownElr(List.of())
                    .setOfflineReplicas(List.of()));
        }
        return new DescribeTopicPartitionsResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(Topic.isInternal(topic.name()))
                .setPartitions(partitions)
                .setTopicAuthorizedOperations(AuthorizedOperations.topic(true, broker.authorizer(), context,
                        topic.name()));
    }
}
