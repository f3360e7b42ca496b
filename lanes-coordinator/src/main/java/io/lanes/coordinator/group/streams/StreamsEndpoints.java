package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.records.StreamsGroupRecords.Tasks;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a StreamsGroupHeartbeat response tells about tasks: a member's tasks as task ids, and, for interactive
 * queries, every member's endpoint with the source partitions of its active and standby (and warm-up) tasks.
 * Stateless.
 */
final class StreamsEndpoints {
    private StreamsEndpoints() {
    }

    /**
     * The members' endpoints and the partitions of their tasks, for interactive queries: sent when the member's
     * endpoint information epoch (the group epoch it last saw them at) is not the group's.
     */
    static void endpoints(StreamsGroup group, StreamsGroupHeartbeatRequestData request,
                                  StreamsGroupHeartbeatResponseData response) {
        response.setEndpointInformationEpoch(group.groupEpoch);
        if (request.endpointInformationEpoch() == group.groupEpoch) {
            return;
        }
        List<StreamsGroupHeartbeatResponseData.EndpointToPartitions> out = new ArrayList<>();
        for (StreamsMember m : group.members.values()) {
            if (m.userEndpoint == null || group.topology == null) {
                continue;
            }
            out.add(new StreamsGroupHeartbeatResponseData.EndpointToPartitions()
                    .setUserEndpoint(new StreamsGroupHeartbeatResponseData.Endpoint().setHost(m.userEndpoint.host())
                            .setPort(m.userEndpoint.port()))
                    .setActivePartitions(sourcePartitions(group, m.assigned.active()))
                    .setStandbyPartitions(sourcePartitions(group, merge(m.assigned.standby(), m.assigned.warmup()))));
        }
        response.setPartitionsByUserEndpoint(out);
    }

    private static SortedMap<String, java.util.SortedSet<Integer>> merge(SortedMap<String, java.util.SortedSet<Integer>> a,
                                                                       SortedMap<String, java.util.SortedSet<Integer>> b) {
        Map<String, List<Integer>> out = new TreeMap<>();
        a.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        b.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return Tasks.copy(out);
    }

    private static List<StreamsGroupHeartbeatResponseData.TopicPartition> sourcePartitions(
            StreamsGroup group, SortedMap<String, java.util.SortedSet<Integer>> tasks) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (StreamsGroupHeartbeatRequestData.Subtopology s : group.topology.subtopologies()) {
            java.util.SortedSet<Integer> parts = tasks.get(s.subtopologyId());
            if (parts == null) {
                continue;
            }
            List<String> sources = new ArrayList<>(s.sourceTopics());
            s.repartitionSourceTopics().forEach(t -> sources.add(t.name()));
            sources.forEach(topic -> byTopic.computeIfAbsent(topic, k -> new ArrayList<>()).addAll(parts));
        }
        List<StreamsGroupHeartbeatResponseData.TopicPartition> out = new ArrayList<>();
        byTopic.forEach((topic, parts) -> out.add(new StreamsGroupHeartbeatResponseData.TopicPartition()
                .setTopic(topic).setPartitions(parts)));
        return out;
    }

    static List<StreamsGroupHeartbeatResponseData.TaskIds> taskIds(SortedMap<String, java.util.SortedSet<Integer>> tasks) {
        List<StreamsGroupHeartbeatResponseData.TaskIds> out = new ArrayList<>();
        tasks.forEach((id, parts) -> out.add(new StreamsGroupHeartbeatResponseData.TaskIds().setSubtopologyId(id)
                .setPartitions(new ArrayList<>(parts))));
        return out;
    }

}
