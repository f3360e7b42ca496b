package io.lanes.broker.share;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.coordinator.share.Acknowledgement;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareAcknowledgeResponseData;
import org.apache.kafka.common.message.ShareAcknowledgeResponseData.PartitionData;
import org.apache.kafka.common.message.ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ShareAcknowledge (KIP-932): settles acknowledgements (accept, release, reject, and renew from KIP-1222) within
 * the member's share session, which it must not open (epoch 0 is refused). Epoch -1 closes the session and releases
 * what the member still holds. The answer leaves once the settlements are durable. Renew (4) needs version 2 (Kafka
 * 4.2+); in version 1 it is INVALID_REQUEST for its partition. A topic the principal may not READ answers
 * TOPIC_AUTHORIZATION_FAILED (Kafka's check).
 */
final class ShareAcknowledgeHandler implements ApiHandler<ShareAcknowledgeRequestData> {
    private final BrokerServices broker;
    private final ShareSessions sessions;
    private final SharePartitionManager manager;

    ShareAcknowledgeHandler(BrokerServices broker, ShareSessions sessions, SharePartitionManager manager) {
        this.broker = broker;
        this.sessions = sessions;
        this.manager = manager;
    }

    @Override
    public CompletableFuture<ShareAcknowledgeResponseData> handle(RequestContext context,
                                                                  ShareAcknowledgeRequestData request) {
        String groupId = request.groupId();
        String memberId = request.memberId();
        if (groupId == null || groupId.isEmpty() || memberId == null || memberId.isEmpty()
                || request.shareSessionEpoch() == ShareSessions.INITIAL_EPOCH) {
            return CompletableFuture.completedFuture(topLevel(Errors.INVALID_REQUEST));
        }
        ShareSessions.Checked checked = sessions.begin(groupId, memberId, request.shareSessionEpoch());
        if (checked.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(topLevel(checked.error()));
        }
        ShareAcknowledgeResponseData response = new ShareAcknowledgeResponseData().setErrorCode(Errors.NONE.code());
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        for (ShareAcknowledgeRequestData.AcknowledgeTopic topic : request.topics()) {
            ShareAcknowledgeTopicResponse topicResponse = new ShareAcknowledgeTopicResponse().setTopicId(topic.topicId());
            response.responses().add(topicResponse);
            Optional<TopicInfo> info = broker.topics().topic(topic.topicId());
            for (ShareAcknowledgeRequestData.AcknowledgePartition p : topic.partitions()) {
                PartitionData data = new PartitionData().setPartitionIndex(p.partitionIndex())
                        .setCurrentLeader(new ShareAcknowledgeResponseData.LeaderIdAndEpoch()
                                .setLeaderId(broker.nodeId()).setLeaderEpoch(0));
                topicResponse.partitions().add(data);
                if (info.isEmpty()) {
                    data.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
                    continue;
                }
                if (!broker.authorizer().authorize(context, AclOperation.READ, ResourceType.TOPIC, info.get().name())) {
                    data.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                    continue;
                }
                List<Acknowledgement> acks;
                try {
                    acks = Acknowledgements.ofAcknowledge(p.acknowledgementBatches(), context.apiVersion());
                } catch (IllegalArgumentException e) {
                    data.setErrorCode(Errors.INVALID_REQUEST.code());
                    continue;
                }
                SharePartitionManager.Acknowledged acked = manager.acknowledge(groupId, memberId, info.get(),
                        p.partitionIndex(), acks);
                data.setErrorCode(acked.error().code());
                durable.add(acked.durable());
            }
        }
        if (request.shareSessionEpoch() == ShareSessions.FINAL_EPOCH) {
            durable.add(manager.releaseMember(groupId, memberId));
        }
        response.nodeEndpoints().add(new ShareAcknowledgeResponseData.NodeEndpoint().setNodeId(broker.nodeId())
                .setHost(broker.advertisedHost()).setPort(broker.advertisedPort()));
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).thenApply(v -> response)
                .exceptionally(e -> topLevel(Errors.KAFKA_STORAGE_ERROR));
    }

    private static ShareAcknowledgeResponseData topLevel(Errors error) {
        return new ShareAcknowledgeResponseData().setErrorCode(error.code());
    }
}
