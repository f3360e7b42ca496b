package io.lanes.broker.share;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.share.ShareGroups;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * ShareGroupHeartbeat (KIP-932): joins, keeps and leaves share group membership through {@link ShareGroups}, and
 * releases what departed members (left or timed out) held and forgets their share sessions.
 */
final class ShareGroupHeartbeatHandler implements ApiHandler<ShareGroupHeartbeatRequestData> {
    private final ShareGroups groups;
    private final ShareSessions sessions;
    private final SharePartitionManager manager;
    private final LongSupplier clock;

    ShareGroupHeartbeatHandler(ShareGroups groups, ShareSessions sessions, SharePartitionManager manager,
                               LongSupplier clock) {
        this.groups = groups;
        this.sessions = sessions;
        this.manager = manager;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ShareGroupHeartbeatResponseData> handle(RequestContext context,
                                                                     ShareGroupHeartbeatRequestData request) {
        long now = clock.getAsLong();
        groups.expireMembers(now).forEach(this::depart);
        ShareGroups.Heartbeat result = groups.heartbeat(request.groupId(), request.memberId(), request.memberEpoch(),
                request.rackId(), request.subscribedTopicNames(), context.clientId(), host(context), now);
        depart(request.groupId(), result.departed());
        ShareGroupHeartbeatResponseData response = new ShareGroupHeartbeatResponseData()
                .setErrorCode(result.error().code())
                .setMemberId(result.memberId())
                .setMemberEpoch(result.memberEpoch())
                .setHeartbeatIntervalMs(result.heartbeatIntervalMs());
        if (result.error() == Errors.NONE && result.memberEpoch() > 0) {
            List<ShareGroupHeartbeatResponseData.TopicPartitions> topics = new ArrayList<>();
            for (Map.Entry<Uuid, List<Integer>> e : result.assignment().entrySet()) {
                topics.add(new ShareGroupHeartbeatResponseData.TopicPartitions().setTopicId(e.getKey())
                        .setPartitions(new ArrayList<>(e.getValue())));
            }
            response.setAssignment(new ShareGroupHeartbeatResponseData.Assignment().setTopicPartitions(topics));
        }
        return CompletableFuture.completedFuture(response);
    }

    private void depart(String groupId, List<String> members) {
        if (members.isEmpty()) {
            return;
        }
        sessions.remove(groupId, members);
        for (String member : members) {
            manager.releaseMember(groupId, member);
        }
    }

    private static String host(RequestContext context) {
        return context.clientAddress() instanceof InetSocketAddress address
                ? "/" + address.getAddress().getHostAddress() : String.valueOf(context.clientAddress());
    }
}
