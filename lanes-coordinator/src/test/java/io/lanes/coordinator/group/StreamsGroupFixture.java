package io.lanes.coordinator.group;

import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.group.streams.StreamsGroupConfig;
import org.apache.kafka.common.message.StreamsGroupDescribeRequestData;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.KeyValue;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.Subtopology;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.TaskIds;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.TopicInfo;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.Topology;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A coordinator with streams groups on a manual clock and an in-memory log, whose internal topics are created in
 * {@link FakeTopics}; the topology of a small application: subtopology 0 reads "orders" (4 partitions) into a store
 * with a changelog and writes a repartition topic that subtopology 1 reads.
 */
final class StreamsGroupFixture {
    static final String APP = "app";
    static final String SOURCE = "orders";
    static final String CHANGELOG = "app-totals-changelog";
    static final String REPARTITION = "app-by-day-repartition";
    static final int SESSION_MS = 45_000;
    static final int REBALANCE_MS = 30_000;

    final ManualScheduler scheduler = new ManualScheduler();
    final MemoryLog log = new MemoryLog();
    final FakeTopics topics = new FakeTopics();
    final List<String> created = new ArrayList<>();
    final StreamsGroupConfig config;
    final GroupCoordinator coordinator;

    StreamsGroupFixture(StreamsGroupConfig config) {
        this.config = config;
        this.coordinator = new GroupCoordinator(GroupConfig.defaults().withNumPartitions(3), ConsumerGroupConfig.defaults(),
                config, log, scheduler, topics, (name, partitions, configs) -> {
                    synchronized (created) {
                        created.add(name + ":" + partitions + ":" + configs);
                    }
                    topics.create(name, partitions);
                });
        coordinator.finishLoading();
    }

    /**
     * A started coordinator without an initial rebalance delay or assignment interval, so that every member gets
     * its tasks at once.
     */
    static StreamsGroupFixture started() {
        return started(StreamsGroupConfig.defaults().withInitialRebalanceDelayMs(0).withAssignmentIntervalMs(0));
    }

    static StreamsGroupFixture started(StreamsGroupConfig config) {
        StreamsGroupFixture fixture = new StreamsGroupFixture(config);
        fixture.topics.create(SOURCE, 4);
        return fixture;
    }

    static Topology topology(int epoch) {
        return new Topology().setEpoch(epoch).setSubtopologies(List.of(
                new Subtopology().setSubtopologyId("0").setSourceTopics(List.of(SOURCE))
                        .setRepartitionSinkTopics(List.of(REPARTITION))
                        .setStateChangelogTopics(List.of(new TopicInfo().setName(CHANGELOG)
                                .setTopicConfigs(List.of(new KeyValue().setKey("cleanup.policy").setValue("compact"))))),
                new Subtopology().setSubtopologyId("1")
                        .setRepartitionSourceTopics(List.of(new TopicInfo().setName(REPARTITION)))));
    }

    /** A join (epoch 0) of {@code memberId} from {@code processId}, static if {@code instanceId} is not null. */
    StreamsGroupHeartbeatResponseData join(String memberId, String processId, String instanceId) {
        return send(new StreamsGroupHeartbeatRequestData().setGroupId(APP).setMemberId(memberId).setMemberEpoch(0)
                .setInstanceId(instanceId).setRebalanceTimeoutMs(REBALANCE_MS).setTopology(topology(0))
                .setProcessId(processId).setActiveTasks(List.of()).setStandbyTasks(List.of())
                .setWarmupTasks(List.of()).setClientTags(List.of()));
    }

    /** A heartbeat at {@code epoch}; {@code owned} (active tasks) null when unchanged. */
    StreamsGroupHeartbeatResponseData beat(String memberId, int epoch, Map<String, List<Integer>> owned) {
        StreamsGroupHeartbeatRequestData request = new StreamsGroupHeartbeatRequestData().setGroupId(APP)
                .setMemberId(memberId).setMemberEpoch(epoch);
        if (owned != null) {
            request.setActiveTasks(taskIds(owned)).setStandbyTasks(List.of()).setWarmupTasks(List.of());
        }
        return send(request);
    }

    StreamsGroupHeartbeatResponseData send(StreamsGroupHeartbeatRequestData request) {
        return send(request, ApiKeys.STREAMS_GROUP_HEARTBEAT.latestVersion(true));
    }

    /** A heartbeat as a client of StreamsGroupHeartbeat {@code version} sends it. */
    StreamsGroupHeartbeatResponseData send(StreamsGroupHeartbeatRequestData request, short version) {
        return coordinator.streamsGroupHeartbeat(new RequestInfo(version, "client", "/127.0.0.1"), request).join();
    }

    StreamsGroupDescribeResponseData.DescribedGroup describe() {
        return coordinator.streamsGroupDescribe(new StreamsGroupDescribeRequestData().setGroupIds(List.of(APP)))
                .groups().get(0);
    }

    /** The active tasks of a response, as subtopology id to sorted partitions. */
    static SortedMap<String, List<Integer>> active(StreamsGroupHeartbeatResponseData response) {
        SortedMap<String, List<Integer>> out = new TreeMap<>();
        if (response.activeTasks() != null) {
            response.activeTasks().forEach(t -> out.put(t.subtopologyId(), new ArrayList<>(new TreeSet<>(t.partitions()))));
        }
        return out;
    }

    static List<TaskIds> taskIds(Map<String, List<Integer>> tasks) {
        List<TaskIds> out = new ArrayList<>();
        tasks.forEach((id, parts) -> out.add(new TaskIds().setSubtopologyId(id).setPartitions(parts)));
        return out;
    }
}
