package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.records.StreamsGroupRecords.Tasks;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.Assignment;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.KeyValue;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.TaskIds;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.TopicInfo;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;

/** StreamsGroupDescribe: a streams group as Kafka describes it (under the shard lock). Stateless. */
final class StreamsGroupDescriptions {
    private StreamsGroupDescriptions() {
    }

    /** Kafka's TopologyDescriptionStatus NOT_STORED: no topology description is kept for the group. */
    static final byte TOPOLOGY_DESCRIPTION_NOT_STORED = 1;

    /**
     * The group as StreamsGroupDescribe reports it. Lanes keeps no topology descriptions (Kafka 4.4 keeps them only
     * with a group.streams.topology.description.plugin.class, which is not set by default), so one that was asked
     * for is NOT_STORED, as Kafka answers without the plugin; otherwise the status stays NOT_REQUESTED.
     */
    static DescribedGroup describe(StreamsGroup group, boolean includeTopologyDescription) {
        DescribedGroup out = new DescribedGroup().setGroupId(group.groupId()).setGroupState(group.stateName())
                .setGroupEpoch(group.groupEpoch).setAssignmentEpoch(group.targetAssignmentEpoch)
                .setAssignorName(StickyTaskAssignor.NAME);
        if (includeTopologyDescription) {
            out.setTopologyDescriptionStatus(TOPOLOGY_DESCRIPTION_NOT_STORED);
        }
        if (group.topology != null) {
            out.setTopology(topology(group.topology));
        }
        List<StreamsGroupDescribeResponseData.Member> members = new ArrayList<>();
        for (StreamsMember m : group.members.values()) {
            List<KeyValue> tags = new ArrayList<>();
            m.clientTags.forEach((k, v) -> tags.add(new KeyValue().setKey(k).setValue(v)));
            members.add(new StreamsGroupDescribeResponseData.Member().setMemberId(m.memberId)
                    .setMemberEpoch(m.memberEpoch).setInstanceId(m.instanceId).setRackId(m.rackId)
                    .setClientId(m.clientId).setClientHost(m.clientHost).setTopologyEpoch(m.topologyEpoch)
                    .setProcessId(m.processId)
                    .setUserEndpoint(m.userEndpoint == null ? null : new StreamsGroupDescribeResponseData.Endpoint()
                            .setHost(m.userEndpoint.host()).setPort(m.userEndpoint.port()))
                    .setClientTags(tags).setTaskOffsets(taskOffsets(group.taskOffsets(m.memberId).offsets()))
                    .setTaskEndOffsets(taskOffsets(group.taskOffsets(m.memberId).endOffsets()))
                    .setAssignment(assignment(m.assigned))
                    .setTargetAssignment(assignment(group.targetAssignment.getOrDefault(m.memberId, Tasks.EMPTY)))
                    .setIsClassic(false));
        }
        return out.setMembers(members);
    }

    private static StreamsGroupDescribeResponseData.Topology topology(StreamsGroupHeartbeatRequestData.Topology t) {
        List<StreamsGroupDescribeResponseData.Subtopology> subtopologies = new ArrayList<>();
        for (StreamsGroupHeartbeatRequestData.Subtopology s : t.subtopologies()) {
            subtopologies.add(new StreamsGroupDescribeResponseData.Subtopology().setSubtopologyId(s.subtopologyId())
                    .setSourceTopics(new ArrayList<>(s.sourceTopics()))
                    .setRepartitionSinkTopics(new ArrayList<>(s.repartitionSinkTopics()))
                    .setStateChangelogTopics(topicInfos(s.stateChangelogTopics()))
                    .setRepartitionSourceTopics(topicInfos(s.repartitionSourceTopics())));
        }
        return new StreamsGroupDescribeResponseData.Topology().setEpoch(t.epoch()).setSubtopologies(subtopologies);
    }

    private static List<TopicInfo> topicInfos(List<StreamsGroupHeartbeatRequestData.TopicInfo> in) {
        List<TopicInfo> out = new ArrayList<>();
        for (StreamsGroupHeartbeatRequestData.TopicInfo t : in) {
            List<KeyValue> configs = new ArrayList<>();
            t.topicConfigs().forEach(kv -> configs.add(new KeyValue().setKey(kv.key()).setValue(kv.value())));
            out.add(new TopicInfo().setName(t.name()).setPartitions(t.partitions())
                    .setReplicationFactor(t.replicationFactor()).setTopicConfigs(configs));
        }
        return out;
    }

    private static List<StreamsGroupDescribeResponseData.TaskOffset> taskOffsets(
            SortedMap<String, SortedMap<Integer, Long>> offsets) {
        List<StreamsGroupDescribeResponseData.TaskOffset> out = new ArrayList<>();
        offsets.forEach((id, byPartition) -> byPartition.forEach((p, offset) -> out.add(
                new StreamsGroupDescribeResponseData.TaskOffset().setSubtopologyId(id).setPartition(p)
                        .setOffset(offset))));
        return out;
    }

    private static Assignment assignment(Tasks tasks) {
        return new Assignment().setActiveTasks(taskIds(tasks.active())).setStandbyTasks(taskIds(tasks.standby()))
                .setWarmupTasks(taskIds(tasks.warmup()));
    }

    private static List<TaskIds> taskIds(SortedMap<String, SortedSet<Integer>> tasks) {
        List<TaskIds> out = new ArrayList<>();
        tasks.forEach((id, parts) -> out.add(new TaskIds().setSubtopologyId(id).setPartitions(new ArrayList<>(parts))));
        return out;
    }
}
