package io.lanes.broker.share;

import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.coordinator.InternalTopicLog;
import io.lanes.broker.handlers.group.BrokerTopicLookup;
import io.lanes.broker.metadata.Features;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.share.ShareGroups;
import io.lanes.coordinator.share.ShareStateStore;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Map;

/**
 * Starts share groups (KIP-932) and registers their APIs: ShareGroupHeartbeat, ShareGroupDescribe, ShareFetch,
 * ShareAcknowledge, DescribeShareGroupOffsets, AlterShareGroupOffsets and DeleteShareGroupOffsets; ListGroups is
 * registered again to list share groups beside the group coordinator's. Share-partition state lives in
 * {@code __share_group_state} (created on first use with Kafka's {@code share.coordinator.state.topic.*} configs,
 * not compacted: see {@code ShareStateRecords}), replayed here before serving.
 *
 * <p>On unless the broker property {@value #ENABLE} is false (as Kafka 4.4 serves share groups by default); when on,
 * the broker also reports the feature
 * {@code share.version}, supported 0..2 and finalized at 2 as Kafka 4.4 does: level 1 is share groups, level 2 adds
 * the share-group dead-letter queue (KIP-1191, {@link ShareDeadLetterQueue}), which UpdateFeatures down to 1 turns
 * off. The 4.4 protocol (ShareFetch / ShareAcknowledge v2 with lock renewal, DescribeShareGroupOffsets v1 with lag)
 * is served at either level, as in Kafka.
 */
public final class ShareHandlers {
    /** The broker property that turns share groups off (false) or on (true, the default). */
    public static final String ENABLE = "lanes.share.groups.enable";

    private ShareHandlers() {
    }

    /** Whether share groups are served: unless the broker properties turn them off. */
    public static boolean enabled(Map<String, String> props) {
        return Boolean.parseBoolean(props.getOrDefault(ENABLE, "true").trim());
    }

    /** Registers the share group APIs if enabled; returns whether it did. */
    public static boolean register(ApiDispatcher dispatcher, BrokerServices services, GroupConfigStore groupConfigs,
                                   GroupCoordinator groupCoordinator, Features features) {
        Map<String, String> props = services.config().originals();
        if (!enabled(props)) {
            return false;
        }
        ShareSettings settings = ShareSettings.from(props);
        InternalTopicLog stateTopic = new InternalTopicLog(services.topics(), "__share_group_state",
                settings.stateTopicPartitions(), Map.of("cleanup.policy", "delete", "retention.ms", "-1",
                "retention.bytes", "-1", "compression.type", "producer"));
        ShareGroupConfigs configs = new ShareGroupConfigs(groupConfigs, settings.partitions());
        ShareDeadLetterQueue deadLetterQueue = new ShareDeadLetterQueue(services.topics(), configs,
                () -> features.finalizedLevel(Features.SHARE_VERSION), props, System::currentTimeMillis);
        SharePartitionManager manager = new SharePartitionManager(services.topics(), stateTopic,
                new ShareStateStore(settings.updatesPerSnapshot()), configs::partitionConfig, configs::resetPolicy,
                configs::readCommitted, deadLetterQueue, System::currentTimeMillis,
                services.delayedFetches()::onHighWatermark);
        manager.load();
        ShareGroups groups = new ShareGroups(settings.groups(), new BrokerTopicLookup(services.topics()));
        ShareSessions sessions = new ShareSessions();
        dispatcher
                .register(ApiKeys.LIST_GROUPS, ServedVersions.LIST_GROUPS, new ListGroupsWithShareGroupsHandler(groupCoordinator, groups, services.authorizer()))
                .register(ApiKeys.SHARE_GROUP_HEARTBEAT, ServedVersions.SHARE_GROUP_HEARTBEAT,
                        new ShareGroupHeartbeatHandler(groups, sessions, manager, System::currentTimeMillis))
                .register(ApiKeys.SHARE_GROUP_DESCRIBE, ServedVersions.SHARE_GROUP_DESCRIBE, new ShareGroupDescribeHandler(groups, services.topics(), services.authorizer()))
                .register(ApiKeys.SHARE_FETCH, ServedVersions.SHARE_FETCH, new ShareFetchHandler(services, groups, sessions, manager))
                .register(ApiKeys.SHARE_ACKNOWLEDGE, ServedVersions.SHARE_ACKNOWLEDGE, new ShareAcknowledgeHandler(services, sessions, manager))
                .register(ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, ServedVersions.DESCRIBE_SHARE_GROUP_OFFSETS,
                        new DescribeShareGroupOffsetsHandler(groups, manager, services.topics(), services.authorizer()))
                .register(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, ServedVersions.ALTER_SHARE_GROUP_OFFSETS,
                        new AlterShareGroupOffsetsHandler(groups, manager, services.topics(), services.authorizer()))
                .register(ApiKeys.DELETE_SHARE_GROUP_OFFSETS, ServedVersions.DELETE_SHARE_GROUP_OFFSETS,
                        new DeleteShareGroupOffsetsHandler(groups, manager, services.topics(), services.authorizer()));
        return true;
    }
}
