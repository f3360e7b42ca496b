package io.lanes.broker.handlers.group;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.coordinator.InternalTopicLoader;
import io.lanes.broker.coordinator.InternalTopicLog;
import io.lanes.coordinator.group.GroupConfig;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.runtime.SystemScheduler;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.RecordBatch;

import java.nio.ByteBuffer;

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
            offsetsTopic.load(new InternalTopicLoader.Replay() {
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
                    coordinator.onTransactionMarker(partition, producerId, commit);
                }
            });
            coordinator.finishLoading();
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
        dispatcher
                .register(ApiKeys.JOIN_GROUP, new JoinGroupHandler(coordinator))
                .register(ApiKeys.SYNC_GROUP, new SyncGroupHandler(coordinator))
                .register(ApiKeys.HEARTBEAT, new HeartbeatHandler(coordinator))
                .register(ApiKeys.LEAVE_GROUP, new LeaveGroupHandler(coordinator))
                .register(ApiKeys.OFFSET_COMMIT, new OffsetCommitHandler(coordinator))
                .register(ApiKeys.OFFSET_FETCH, new OffsetFetchHandler(coordinator))
                .register(ApiKeys.OFFSET_DELETE, new OffsetDeleteHandler(coordinator))
                .register(ApiKeys.DESCRIBE_GROUPS, new DescribeGroupsHandler(coordinator))
                .register(ApiKeys.LIST_GROUPS, new ListGroupsHandler(coordinator))
                .register(ApiKeys.DELETE_GROUPS, new DeleteGroupsHandler(coordinator))
                .register(ApiKeys.CONSUMER_GROUP_HEARTBEAT, (short) 0, (short) 1,
                        new ConsumerGroupHeartbeatHandler(coordinator))
                .register(ApiKeys.CONSUMER_GROUP_DESCRIBE, (short) 0, (short) 1,
                        new ConsumerGroupDescribeHandler(coordinator));
        return new Started(coordinator, offsetsTopic, () -> {
            coordinator.close();
            scheduler.close();
        });
    }
}
