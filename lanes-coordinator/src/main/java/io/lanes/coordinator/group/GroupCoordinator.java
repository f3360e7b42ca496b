package io.lanes.coordinator.group;

import io.lanes.coordinator.group.admin.GroupAdmin;
import io.lanes.coordinator.group.classic.ClassicGroup;
import io.lanes.coordinator.group.classic.ClassicJoins;
import io.lanes.coordinator.group.classic.ClassicMembers;
import io.lanes.coordinator.group.classic.ClassicRebalancer;
import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.group.consumer.ConsumerGroups;
import io.lanes.coordinator.group.offsets.OffsetCommits;
import io.lanes.coordinator.group.offsets.OffsetExpiration;
import io.lanes.coordinator.group.offsets.OffsetFetches;
import io.lanes.coordinator.group.offsets.TxnOffsetCommits;
import io.lanes.coordinator.group.streams.StreamsGroupConfig;
import io.lanes.coordinator.group.streams.StreamsGroups;
import io.lanes.coordinator.group.timeline.RebalanceTimeline;
import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.Scheduler;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.StreamsGroupDescribeRequestData;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The group coordinator: classic and consumer (KIP-848) groups and committed offsets, split into one
 * {@link GroupShard} per partition of {@code __consumer_offsets} (a group lives in partition
 * {@code abs(groupId.hashCode()) % partitions}, as in Kafka). This class routes each request to
 * its group's shard and runs it under that shard's lock; requests that span groups
 * (ListGroups, batched OffsetFetch, DescribeGroups, DeleteGroups) visit the shards one by one.
 *
 * <p>Lifecycle: construct, {@link #replay} every record of every partition, {@link #finishLoading},
 * then serve requests; {@link #close} stops the timers. Thread-safe.
 */
public final class GroupCoordinator implements AutoCloseable {
    private final GroupConfig config;
    private final Scheduler scheduler;
    private final Shard[] shards;
    private final RebalanceTimeline timeline = new RebalanceTimeline();
    private volatile Scheduler.Task retentionTask;
    private volatile boolean closed;

    /** One shard and the request logic bound to it. */
    record Shard(GroupShard state, ClassicJoins joins, ClassicMembers members, ConsumerGroups consumer,
                 StreamsGroups streams, OffsetCommits commits, TxnOffsetCommits txnCommits, OffsetFetches fetches,
                 OffsetExpiration expiration, GroupAdmin admin) {

        /** A shard without streams group settings: Kafka's defaults, and internal topics are not created. */
        static Shard create(int p, CoordinatorLog log, Scheduler scheduler, GroupConfig config,
                            ConsumerGroupConfig consumerConfig, TopicLookup topics, RebalanceTimeline timeline) {
            return create(p, log, scheduler, config, consumerConfig, StreamsGroupConfig.defaults(), topics,
                    (name, partitions, configs) -> { }, timeline);
        }

        /** A shard of partition {@code p} with its kinds of group (classic, consumer, streams) and request logic. */
        static Shard create(int p, CoordinatorLog log, Scheduler scheduler, GroupConfig config,
                            ConsumerGroupConfig consumerConfig, StreamsGroupConfig streamsConfig, TopicLookup topics,
                            StreamsGroups.InternalTopicCreator creator, RebalanceTimeline timeline) {
            GroupShard shard = new GroupShard(p, log, scheduler, config, timeline, ClassicGroup::offsetsOnly);
            ClassicRebalancer classic = new ClassicRebalancer(shard);
            ConsumerGroups consumer = new ConsumerGroups(shard, topics, consumerConfig);
            StreamsGroups streams = new StreamsGroups(shard, topics, streamsConfig, creator);
            shard.setKinds(List.of(classic, consumer, streams));
            return new Shard(shard, new ClassicJoins(classic), new ClassicMembers(classic), consumer, streams,
                    new OffsetCommits(shard, topics), new TxnOffsetCommits(shard, topics),
                    new OffsetFetches(shard, topics), new OffsetExpiration(shard), new GroupAdmin(shard, topics));
        }
    }

    public GroupCoordinator(GroupConfig config, CoordinatorLog log, Scheduler scheduler, TopicLookup topics) {
        this(config, ConsumerGroupConfig.defaults(), log, scheduler, topics);
    }

    public GroupCoordinator(GroupConfig config, ConsumerGroupConfig consumerConfig, CoordinatorLog log,
                            Scheduler scheduler, TopicLookup topics) {
        this(config, consumerConfig, StreamsGroupConfig.defaults(), log, scheduler, topics,
                (name, partitions, configs) -> { });
    }

    /**
     * @param creator creates the internal topics of streams groups (called outside the shard locks)
     */
    public GroupCoordinator(GroupConfig config, ConsumerGroupConfig consumerConfig, StreamsGroupConfig streamsConfig,
                            CoordinatorLog log, Scheduler scheduler, TopicLookup topics,
                            StreamsGroups.InternalTopicCreator creator) {
        this.config = config;
        this.scheduler = scheduler;
        this.shards = new Shard[config.numPartitions()];
        for (int p = 0; p < shards.length; p++) {
            shards[p] = Shard.create(p, log, scheduler, config, consumerConfig, streamsConfig, topics, creator,
                    timeline);
        }
    }

    /** The partition of {@code __consumer_offsets} that holds a group. */
    public static int partitionFor(String groupId, int partitions) {
        return org.apache.kafka.common.utils.Utils.abs(groupId.hashCode()) % partitions;
    }

    public int partitionFor(String groupId) {
        return partitionFor(groupId, shards.length);
    }

    public GroupConfig config() {
        return config;
    }

    private Shard shardOf(String groupId) {
        return shards[partitionFor(groupId == null ? "" : groupId)];
    }

    // ---- loading ----

    /** Applies one record read from {@code partition} at start-up. */
    public void replay(int partition, ByteBuffer key, ByteBuffer value) {
        shards[partition].state().replay(key, value);
    }

    /** Applies a record of a transactional batch read from {@code partition} at start-up. */
    public void replayTransactional(int partition, long producerId, ByteBuffer key, ByteBuffer value) {
        shards[partition].state().replayTransactional(producerId, key, value);
    }

    /** Applies a transaction marker read from {@code partition} at start-up. */
    public void replayMarker(int partition, long producerId, boolean commit) {
        shards[partition].state().replayMarker(producerId, commit);
    }

    /**
     * Writes the commit or abort marker of a producer's transaction to {@code partition} of
     * {@code __consumer_offsets} and settles the transaction's offsets there: the shard appends and replays the
     * marker under its lock, so it is ordered with plain offset commits of the partition by one writer.
     *
     * @return completes once the marker is durable; fails if the log refused it (older producer or coordinator
     *         epoch) or could not make it durable
     */
    public CompletableFuture<Void> completeTransaction(int partition, long producerId, short producerEpoch,
                                                       boolean commit, int coordinatorEpoch) {
        GroupShard shard = shards[partition].state();
        try {
            return shard.call(() -> shard.writeMarker(producerId, producerEpoch, commit, coordinatorEpoch));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The shard of {@code partition} (for checks that compare its state with a replay of its log). */
    GroupShard shard(int partition) {
        return shards[partition].state();
    }

    /** Ends loading and starts the periodic offset expiration. */
    public void finishLoading() {
        for (Shard shard : shards) {
            shard.state().finishLoading();
        }
        scheduleRetention();
    }

    private void scheduleRetention() {
        if (!closed) {
            retentionTask = scheduler.schedule(config.retentionCheckIntervalMs(), () -> {
                expireOffsets();
                scheduleRetention();
            });
        }
    }

    /** Runs offset expiration on every shard now. */
    public void expireOffsets() {
        for (Shard shard : shards) {
            shard.state().run(() -> shard.expiration().run());
        }
    }

    // ---- classic membership ----

    public CompletableFuture<JoinGroupResponseData> joinGroup(RequestInfo info, JoinGroupRequestData request) {
        Shard shard = shardOf(request.groupId());
        CompletableFuture<JoinGroupResponseData> response = shard.state().call(() -> shard.joins().join(info, request));
        return info.apiVersion() >= 7 ? response : response.thenApply(r -> r.protocolName() == null ? r.setProtocolName("") : r);
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(RequestInfo info, SyncGroupRequestData request) {
        Shard shard = shardOf(request.groupId());
        return shard.state().call(() -> shard.members().sync(request));
    }

    public HeartbeatResponseData heartbeat(RequestInfo info, HeartbeatRequestData request) {
        Shard shard = shardOf(request.groupId());
        return shard.state().call(() -> shard.members().heartbeat(request));
    }

    public LeaveGroupResponseData leaveGroup(RequestInfo info, LeaveGroupRequestData request) {
        Shard shard = shardOf(request.groupId());
        return shard.state().call(() -> shard.members().leave(info, request));
    }

    // ---- consumer (KIP-848) groups ----

    public CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            RequestInfo info, ConsumerGroupHeartbeatRequestData request) {
        Shard shard = shardOf(request.groupId());
        return shard.state().call(() -> shard.consumer().heartbeat(info, request));
    }

    public ConsumerGroupDescribeResponseData consumerGroupDescribe(RequestInfo info,
                                                                   ConsumerGroupDescribeRequestData request) {
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        for (String groupId : request.groupIds()) {
            Shard shard = shardOf(groupId);
            var described = shard.state().call(() -> shard.consumer().describe(groupId, info.apiVersion()));
            if (request.includeAuthorizedOperations() && described.errorCode() == Errors.NONE.code()) {
                described.setAuthorizedOperations(AUTHORIZED_OPERATIONS);
            }
            response.groups().add(described);
        }
        return response;
    }

    // ---- streams (KIP-1071) groups ----

    public CompletableFuture<StreamsGroupHeartbeatResponseData> streamsGroupHeartbeat(
            RequestInfo info, StreamsGroupHeartbeatRequestData request) {
        Shard shard = shardOf(request.groupId());
        return shard.state().call(() -> shard.streams().heartbeat(info, request));
    }

    public StreamsGroupDescribeResponseData streamsGroupDescribe(StreamsGroupDescribeRequestData request) {
        StreamsGroupDescribeResponseData response = new StreamsGroupDescribeResponseData();
        for (String groupId : request.groupIds()) {
            Shard shard = shardOf(groupId);
            var described = shard.state().call(() -> shard.streams().describe(groupId,
                    request.includeTopologyDescription()));
            if (request.includeAuthorizedOperations() && described.errorCode() == Errors.NONE.code()) {
                described.setAuthorizedOperations(AUTHORIZED_OPERATIONS);
            }
            response.groups().add(described);
        }
        return response;
    }

    /**
     * Without an authorizer every operation on a group is allowed, which Kafka 4.1 reports as the
     * operations the GROUP resource supports (AclEntry.supportedOperations): READ, DESCRIBE,
     * DELETE and, since groups have configs, DESCRIBE_CONFIGS and ALTER_CONFIGS. Kafka reports
     * them only for groups described without an error.
     */
    private static final int AUTHORIZED_OPERATIONS = Utils.to32BitField(Set.of(AclOperation.READ.code(),
            AclOperation.DESCRIBE.code(), AclOperation.DELETE.code(), AclOperation.DESCRIBE_CONFIGS.code(),
            AclOperation.ALTER_CONFIGS.code()));

    // ---- offsets ----

    public CompletableFuture<OffsetCommitResponseData> commitOffsets(RequestInfo info, OffsetCommitRequestData request) {
        Shard shard = shardOf(request.groupId());
        return shard.state().call(() -> shard.commits().commit(info, request));
    }

    /**
     * TxnOffsetCommit of topics named by name (the caller resolves v6's topic ids); the caller has checked that
     * the producer's transaction includes the group. Some errors depend on the request's {@code apiVersion}.
     */
    public CompletableFuture<TxnOffsetCommitResponseData> commitTransactionalOffsets(short apiVersion,
                                                                                    TxnOffsetCommitRequestData request) {
        Shard shard = shardOf(request.groupId());
        return shard.state().call(() -> shard.txnCommits().commit(apiVersion, request));
    }

    /**
     * OffsetFetch for one group, in the batched shape (topic ids when {@code byId}). With {@code requireStable},
     * partitions with offsets of an open transaction answer UNSTABLE_OFFSET_COMMIT.
     */
    public OffsetFetchResponseGroup fetchOffsets(OffsetFetchRequestGroup request, boolean byId, boolean requireStable) {
        Shard shard = shardOf(request.groupId());
        return shard.state().call(() -> shard.fetches().fetch(request, byId, requireStable));
    }

    public CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData request) {
        Shard shard = shardOf(request.groupId());
        return shard.state().call(() -> shard.admin().deleteOffsets(request));
    }

    // ---- admin ----

    public DescribeGroupsResponseData describeGroups(RequestInfo info, DescribeGroupsRequestData request) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        boolean notFoundError = info.apiVersion() >= 6;
        for (String groupId : request.groups()) {
            Shard shard = shardOf(groupId);
            DescribedGroup described = shard.state().call(() -> shard.admin().describe(groupId, notFoundError));
            if (request.includeAuthorizedOperations() && described.errorCode() == Errors.NONE.code()) {
                described.setAuthorizedOperations(AUTHORIZED_OPERATIONS);
            }
            response.groups().add(described);
        }
        return response;
    }

    public ListGroupsResponseData listGroups(ListGroupsRequestData request) {
        ListGroupsResponseData response = new ListGroupsResponseData();
        for (Shard shard : shards) {
            response.groups().addAll(shard.state().call(() -> shard.admin().list(request.statesFilter(),
                    request.typesFilter())));
        }
        return response;
    }

    /** What happened to the groups since start-up (bounded; thread-safe). */
    public RebalanceTimeline timeline() {
        return timeline;
    }

    /** Every group with its state, members and generation, shard by shard (for metrics and the dashboard). */
    public List<GroupSummary> summaries() {
        List<GroupSummary> out = new ArrayList<>();
        for (Shard shard : shards) {
            shard.state().run(() -> {
                for (Group g : shard.state().groups()) {
                    out.add(new GroupSummary(g.groupId(), g.type(), g.stateName(), g.memberCount(),
                            g.generationOrEpoch()));
                }
            });
        }
        return out;
    }

    public CompletableFuture<DeleteGroupsResponseData> deleteGroups(DeleteGroupsRequestData request) {
        List<CompletableFuture<Errors>> results = new ArrayList<>();
        for (String groupId : request.groupsNames()) {
            if (groupId == null || groupId.isEmpty()) {
                results.add(CompletableFuture.completedFuture(Errors.INVALID_GROUP_ID));
                continue;
            }
            Shard shard = shardOf(groupId);
            results.add(shard.state().call(() -> shard.admin().delete(groupId)));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            for (int i = 0; i < results.size(); i++) {
                String groupId = request.groupsNames().get(i);
                if (response.results().find(groupId) == null) {
                    response.results().add(new DeletableGroupResult().setGroupId(groupId)
                            .setErrorCode(results.get(i).join().code()));
                }
            }
            return response;
        });
    }

    /** Stops the retention timer. Parked requests stay unanswered (their connections close with the broker). */
    @Override
    public void close() {
        closed = true;
        Scheduler.Task task = retentionTask;
        if (task != null) {
            task.cancel();
        }
    }
}
