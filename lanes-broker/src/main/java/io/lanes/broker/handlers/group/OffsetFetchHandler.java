package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetFetch: batched groups from v8 (topic ids from v10); v1-v7 carry one group, converted
 * to and from the batched shape. A null topic list (v2+) asks for every committed offset.
 */
final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequestData> {
    private static final short BATCHED_VERSION = 8;
    private static final short TOPIC_ID_VERSION = 10;

    private final GroupCoordinator coordinator;
    private final GroupAuthorization auth;

    OffsetFetchHandler(GroupCoordinator coordinator, GroupAuthorization auth) {
        this.coordinator = coordinator;
        this.auth = auth;
    }

    @Override
    public CompletableFuture<OffsetFetchResponseData> handle(RequestContext context, OffsetFetchRequestData request) {
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (context.apiVersion() >= BATCHED_VERSION) {
            boolean byId = context.apiVersion() >= TOPIC_ID_VERSION;
            for (OffsetFetchRequestGroup group : request.groups()) {
                response.groups().add(auth.enabled() ? auth.fetch(context, group,
                        g -> coordinator.fetchOffsets(g, byId, request.requireStable()))
                        : coordinator.fetchOffsets(group, byId, request.requireStable()));
            }
            return CompletableFuture.completedFuture(response);
        }
        List<OffsetFetchRequestTopics> topics = null;
        if (request.topics() != null) {
            topics = new ArrayList<>();
            for (var topic : request.topics()) {
                topics.add(new OffsetFetchRequestTopics().setName(topic.name())
                        .setPartitionIndexes(new ArrayList<>(topic.partitionIndexes())));
            }
        }
        OffsetFetchResponseGroup group = auth.fetch(context, new OffsetFetchRequestGroup()
                .setGroupId(request.groupId()).setTopics(topics),
                g -> coordinator.fetchOffsets(g, false, request.requireStable()));
        for (OffsetFetchResponseTopics topic : group.topics()) {
            OffsetFetchResponseTopic single = new OffsetFetchResponseTopic().setName(topic.name());
            for (OffsetFetchResponsePartitions p : topic.partitions()) {
                single.partitions().add(new OffsetFetchResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                        .setMetadata(p.metadata())
                        .setErrorCode(p.errorCode()));
            }
            response.topics().add(single);
        }
        return CompletableFuture.completedFuture(response.setErrorCode(group.errorCode()));
    }
}
