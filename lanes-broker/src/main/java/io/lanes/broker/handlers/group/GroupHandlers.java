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
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
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
 * configured by the broker's group.consumer.* configs).
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
        GroupCoordinator coordinator = new GroupCoordinator(config, consumerConfig, offsetsTopic, scheduler,
                new BrokerTopicLookup(services.topics()));
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
                        coordinator.commitOffsets(GroupRequests.info(c), r))
                .register(ApiKeys.OFFSET_FETCH, ServedVersions.OFFSET_FETCH, new OffsetFetchHandler(coordinator))
                .register(ApiKeys.OFFSET_DELETE, ServedVersions.OFFSET_DELETE, (RequestContext c, OffsetDeleteRequestData r) ->
                        coordinator.deleteOffsets(r))
                .register(ApiKeys.DESCRIBE_GROUPS, ServedVersions.DESCRIBE_GROUPS, (RequestContext c, DescribeGroupsRequestData r) ->
                        completedFuture(coordinator.describeGroups(GroupRequests.info(c), r)))
                .register(ApiKeys.LIST_GROUPS, ServedVersions.LIST_GROUPS, (RequestContext c, ListGroupsRequestData r) ->
                        completedFuture(coordinator.listGroups(r)))
                .register(ApiKeys.DELETE_GROUPS, ServedVersions.DELETE_GROUPS, (RequestContext c, DeleteGroupsRequestData r) ->
                        coordinator.deleteGroups(r))
                .register(ApiKeys.CONSUMER_GROUP_HEARTBEAT, (short) 0, (short) 1,
                        (RequestContext c, ConsumerGroupHeartbeatRequestData r) ->
                                coordinator.consumerGroupHeartbeat(GroupRequests.info(c), r))
                .register(ApiKeys.CONSUMER_GROUP_DESCRIBE, (short) 0, (short) 1,
                        (RequestContext c, ConsumerGroupDescribeRequestData r) ->
                                completedFuture(coordinator.consumerGroupDescribe(GroupRequests.info(c), r)));
        return new Started(coordinator, offsetsTopic, () -> {
            coordinator.close();
            scheduler.close();
        });
    }
}
