package io.lanes.broker.handlers.group;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.coordinator.InternalTopicLoader;
import io.lanes.broker.coordinator.InternalTopicLog;
import io.lanes.coordinator.group.GroupConfig;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.group.records.GroupRecords;
import io.lanes.coordinator.runtime.SystemScheduler;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.StreamsGroupDescribeRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.nio.ByteBuffer;

import static java.util.concurrent.CompletableFuture.completedFuture;

/**
 * Starts the group coordinator and registers the consumer group APIs (every version
 * kafka-clients knows of each): replays {@code __consumer_offsets} if it exists (it is created
 * on first use: compacted, {@code offsets.topic.num.partitions} partitions,
 * {@code offsets.topic.segment.bytes} segments), then serves JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup, OffsetCommit, OffsetFetch, OffsetDelete, DescribeGroups, ListGroups,
 * DeleteGroups, and the KIP-848 ConsumerGroupHeartbeat and ConsumerGroupDescribe (v0-v1,
 * configured by the broker's group.consumer.* configs), and, when group.coordinator.rebalance.protocols lists
 * streams, the KIP-1071 StreamsGroupHeartbeat and StreamsGroupDescribe (v1, group.streams.* configs).
 */
public final class GroupHandlers {
    private GroupHandlers() {
    }

    /**
     * The running group coordinator.
     *
     * @param closer what to close at shutdown, before the logs: the coordinator and its timer thread
     */
    public record Started(GroupCoordinator coordinator, InternalTopicLog offsetsTopic, AutoCloseable closer) {
    }

    public static Started register(ApiDispatcher dispatcher, BrokerServices services) {
        InternalTopicLog offsetsTopic = InternalTopicLog.configured(services.topics(), services.config(),
                Topic.GROUP_METADATA_TOPIC_NAME, "offsets.topic");
        GroupConfig config = services.config().groupConfig(offsetsTopic.partitionCount());
        SystemScheduler scheduler = new SystemScheduler("lanes-group-coordinator");
        ConsumerGroupConfig consumerConfig = services.config().consumerGroupConfig();
        GroupCoordinator coordinator = new GroupCoordinator(config, consumerConfig,
                services.config().streamsGroupConfig(), offsetsTopic, scheduler,
                new BrokerTopicLookup(services.topics()), new StreamsInternalTopics(services.topics()));
        try {
            offsetsTopic.load(GroupRecords::upgrade, new InternalTopicLoader.Replay() {
                @Override
                public void record(int partition, long producerId, ByteBuffer key, ByteBuffer value) {
                    if (producerId == RecordBatch.NO_PRODUCER_ID) {
                        coordinator.replay(partition, key, value);
                    } else {
                        coordinator.replayTransactional(partition, producerId, key, value);
                    }
                }

                @Override
                public void marker(int partition, long producerId, boolean commit) {
                    coordinator.replayMarker(partition, producerId, commit);
                }
            });
            coordinator.finishLoading();
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
        // Each API is one coordinator call; the coordinator documents the behaviour.
        GroupAuthorization auth = new GroupAuthorization(services.authorizer(), services.topics());
        // Without an authorizer the coordinator is called directly: no wrapper allocated per request.
        boolean acl = services.authorizer().enabled();
        dispatcher
                .register(ApiKeys.JOIN_GROUP, ServedVersions.JOIN_GROUP, (RequestContext c, JoinGroupRequestData r) ->
                        coordinator.joinGroup(GroupRequests.info(c), r))
                .register(ApiKeys.SYNC_GROUP, ServedVersions.SYNC_GROUP, (RequestContext c, SyncGroupRequestData r) ->
                        coordinator.syncGroup(GroupRequests.info(c), r))
                .register(ApiKeys.HEARTBEAT, ServedVersions.HEARTBEAT, (RequestContext c, HeartbeatRequestData r) ->
                        completedFuture(coordinator.heartbeat(GroupRequests.info(c), r)))
                .register(ApiKeys.LEAVE_GROUP, ServedVersions.LEAVE_GROUP, (RequestContext c, LeaveGroupRequestData r) ->
                        completedFuture(coordinator.leaveGroup(GroupRequests.info(c), r)))
                .register(ApiKeys.OFFSET_COMMIT, ServedVersions.OFFSET_COMMIT, (RequestContext c, OffsetCommitRequestData r) ->
                        acl ? auth.commit(c, r, q -> coordinator.commitOffsets(GroupRequests.info(c), q))
                                : coordinator.commitOffsets(GroupRequests.info(c), r))
                .register(ApiKeys.OFFSET_FETCH, ServedVersions.OFFSET_FETCH, new OffsetFetchHandler(coordinator, auth))
                .register(ApiKeys.OFFSET_DELETE, ServedVersions.OFFSET_DELETE, (RequestContext c, OffsetDeleteRequestData r) ->
                        acl ? auth.deleteOffsets(c, r, coordinator::deleteOffsets) : coordinator.deleteOffsets(r))
                .register(ApiKeys.DESCRIBE_GROUPS, ServedVersions.DESCRIBE_GROUPS, (RequestContext c, DescribeGroupsRequestData r) ->
                        completedFuture(acl ? auth.describe(c, r, q -> coordinator.describeGroups(GroupRequests.info(c), q))
                                : coordinator.describeGroups(GroupRequests.info(c), r)))
                .register(ApiKeys.LIST_GROUPS, ServedVersions.LIST_GROUPS, (RequestContext c, ListGroupsRequestData r) ->
                        completedFuture(auth.list(c, coordinator.listGroups(r))))
                .register(ApiKeys.DELETE_GROUPS, ServedVersions.DELETE_GROUPS, (RequestContext c, DeleteGroupsRequestData r) ->
                        acl ? auth.delete(c, r, coordinator::deleteGroups) : coordinator.deleteGroups(r))
                .register(ApiKeys.CONSUMER_GROUP_HEARTBEAT, (short) 0, (short) 1,
                        (RequestContext c, ConsumerGroupHeartbeatRequestData r) -> {
                            ConsumerGroupHeartbeatResponseData refused = acl ? auth.refuseSubscription(c, r) : null;
                            return refused != null ? completedFuture(refused)
                                    : coordinator.consumerGroupHeartbeat(GroupRequests.info(c), r);
                        })
                .register(ApiKeys.CONSUMER_GROUP_DESCRIBE, (short) 0, (short) 1,
                        (RequestContext c, ConsumerGroupDescribeRequestData r) ->
                                completedFuture(acl ? auth.consumerDescribe(c, r,
                                        q -> coordinator.consumerGroupDescribe(GroupRequests.info(c), q))
                                        : coordinator.consumerGroupDescribe(GroupRequests.info(c), r)));
        if (services.config().streamsGroupsEnabled()) {
            dispatcher
                    .register(ApiKeys.STREAMS_GROUP_HEARTBEAT, (short) 0, ServedVersions.STREAMS_GROUP_HEARTBEAT,
                            (RequestContext c, StreamsGroupHeartbeatRequestData r) ->
                                    coordinator.streamsGroupHeartbeat(GroupRequests.info(c), r))
                    .register(ApiKeys.STREAMS_GROUP_DESCRIBE, (short) 0, ServedVersions.STREAMS_GROUP_DESCRIBE,
                            (RequestContext c, StreamsGroupDescribeRequestData r) ->
                                    completedFuture(acl ? auth.streamsDescribe(c, r, coordinator::streamsGroupDescribe)
                                            : coordinator.streamsGroupDescribe(r)));
        }
        return new Started(coordinator, offsetsTopic, () -> {
            coordinator.close();
            scheduler.close();
        });
    }
}
