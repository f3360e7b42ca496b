package io.lanes.conformance.differential;

import io.lanes.conformance.java.RawRequests;
import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeStreamsGroupsOptions;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.Subtopology;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.TaskOffset;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.Topology;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.StreamsGroupHeartbeatRequest;
import org.apache.kafka.common.requests.StreamsGroupHeartbeatResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.topicName;

/**
 * A streams group (KIP-1071) joined with raw StreamsGroupHeartbeat requests at the highest version both sides
 * speak, under the broker's default {@code group.streams.initial.rebalance.delay.ms} (3 s): what the first member
 * is told while the first assignment waits (statuses, epoch, tasks, the v1 fields), what a heartbeat at the epoch it
 * got is answered, what it gets once the delay is over (reporting task offsets), how Admin describes the group
 * (task offsets; v1: assignor name and topology description status, asked for or not), and what a second member
 * joining right after the first assignment is told ({@code group.streams.assignment.interval.ms}, 1 s).
 */
final class StreamsGroupJoinScenario implements Scenario<Map<String, Object>> {
    private static final long INITIAL_DELAY_MS = 3_000;

    @Override
    public Map<String, Object> run(BrokerUnderTest broker) throws Exception {
        Map<String, Object> observed = new LinkedHashMap<>();
        String source = topicName("streams-source");
        String group = topicName("streams-app");
        String memberId = UUID.randomUUID().toString();
        String processId = UUID.randomUUID().toString();
        try (Admin admin = admin(broker); RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
            createTopic(admin, source, 2);
            short version = connection.version(ApiKeys.STREAMS_GROUP_HEARTBEAT);
            observed.put("heartbeat version", version);
            // Admin looks the coordinator up first, which makes Kafka create __consumer_offsets
            observed.put("described before joining", Outcome.of(() -> describe(admin, group, false)));
            StreamsGroupHeartbeatResponseData joined = joinOnceCoordinatorIsUp(connection, version,
                    join(group, memberId, processId, source));
            long joinedAt = System.nanoTime();
            observed.put("join", heartbeat(joined));
            observed.put("described after joining", Outcome.of(() -> describe(admin, group, false)));
            StreamsGroupHeartbeatResponseData beat = send(connection, version, new StreamsGroupHeartbeatRequestData()
                    .setGroupId(group).setMemberId(memberId).setMemberEpoch(joined.memberEpoch()));
            observed.put("heartbeat at the epoch it got", heartbeat(beat));
            observed.put("described while delayed", Outcome.of(() -> describe(admin, group, false)));
            long waited = (System.nanoTime() - joinedAt) / 1_000_000;
            Thread.sleep(Math.max(0, INITIAL_DELAY_MS + 500 - waited));
            StreamsGroupHeartbeatResponseData assigned = send(connection, version, new StreamsGroupHeartbeatRequestData()
                    .setGroupId(group).setMemberId(memberId).setMemberEpoch(beat.memberEpoch())
                    .setTaskOffsets(List.of(offset("0", 1, 40), offset("0", 0, 7)))
                    .setTaskEndOffsets(List.of(offset("0", 0, 9))));
            observed.put("heartbeat after the delay", heartbeat(assigned));
            StreamsGroupHeartbeatResponseData v0 = send(connection, (short) 0, new StreamsGroupHeartbeatRequestData()
                    .setGroupId(group).setMemberId(memberId).setMemberEpoch(assigned.memberEpoch()));
            observed.put("heartbeat at version 0", heartbeat(v0));
            observed.put("version 0 legacy acceptable recovery lag", v0.acceptableRecoveryLagLegacy());
            observed.put("described after the delay", Outcome.of(() -> describe(admin, group, false)));
            observed.put("described with its topology description", Outcome.of(() -> describe(admin, group, true)));
            // a second member within group.streams.assignment.interval.ms (1 s) of the first assignment
            String secondId = UUID.randomUUID().toString();
            observed.put("second member joining at once", heartbeat(send(connection, version,
                    join(group, secondId, UUID.randomUUID().toString(), source))));
            send(connection, version, new StreamsGroupHeartbeatRequestData().setGroupId(group).setMemberId(secondId)
                    .setMemberEpoch(-1));
            observed.put("leave", heartbeat(send(connection, version, new StreamsGroupHeartbeatRequestData()
                    .setGroupId(group).setMemberId(memberId).setMemberEpoch(-1))));
        }
        return observed;
    }

    private static StreamsGroupHeartbeatRequestData join(String group, String memberId, String processId,
                                                         String source) {
        return new StreamsGroupHeartbeatRequestData().setGroupId(group).setMemberId(memberId).setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000).setProcessId(processId)
                .setTopology(new Topology().setEpoch(0).setSubtopologies(List.of(new Subtopology()
                        .setSubtopologyId("0").setSourceTopics(List.of(source)))))
                .setActiveTasks(List.of()).setStandbyTasks(List.of()).setWarmupTasks(List.of());
    }

    /** The first join of a broker is answered NOT_COORDINATOR until __consumer_offsets is up: it is sent again. */
    private static StreamsGroupHeartbeatResponseData joinOnceCoordinatorIsUp(RawRequests.Connection connection,
            short version, StreamsGroupHeartbeatRequestData join) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            StreamsGroupHeartbeatResponseData response = send(connection, version, join);
            Errors error = Errors.forCode(response.errorCode());
            if ((error != Errors.NOT_COORDINATOR && error != Errors.COORDINATOR_NOT_AVAILABLE
                    && error != Errors.COORDINATOR_LOAD_IN_PROGRESS) || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(100);
        }
    }

    private static TaskOffset offset(String subtopology, int partition, long offset) {
        return new TaskOffset().setSubtopologyId(subtopology).setPartition(partition).setOffset(offset);
    }

    private static StreamsGroupHeartbeatResponseData send(RawRequests.Connection connection, short version,
                                                          StreamsGroupHeartbeatRequestData request) throws Exception {
        return ((StreamsGroupHeartbeatResponse) connection.send(new StreamsGroupHeartbeatRequest.Builder(request)
                .build(version))).data();
    }

    /** What a heartbeat response says, without the member id. */
    private static Map<String, Object> heartbeat(StreamsGroupHeartbeatResponseData response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", Errors.forCode(response.errorCode()) + ": " + response.errorMessage());
        if (response.errorCode() != Errors.NONE.code()) {
            return out;
        }
        out.put("member epoch", response.memberEpoch());
        out.put("heartbeat interval", response.heartbeatIntervalMs());
        out.put("acceptable recovery lag", response.acceptableRecoveryLag());
        out.put("task offset interval", response.taskOffsetIntervalMs());
        out.put("status", response.status() == null ? null : response.status().stream()
                .map(s -> s.statusCode() + " " + s.statusDetail()).toList());
        Map<String, List<Integer>> active = new TreeMap<>();
        if (response.activeTasks() != null) {
            response.activeTasks().forEach(t -> active.put(t.subtopologyId(), t.partitions().stream().sorted().toList()));
        }
        out.put("active tasks", response.activeTasks() == null ? null : active);
        out.put("topology description required", response.topologyDescriptionRequired());
        return out;
    }

    private static Map<String, Object> describe(Admin admin, String group, boolean withTopologyDescription)
            throws Exception {
        StreamsGroupDescription d = admin.describeStreamsGroups(List.of(group), new DescribeStreamsGroupsOptions()
                .includeTopologyDescription(withTopologyDescription)).all().get().get(group);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", d.groupState());
        out.put("group epoch", d.groupEpoch());
        out.put("assignment epoch", d.targetAssignmentEpoch());
        out.put("topology epoch", d.topologyEpoch());
        out.put("assignor", d.assignorName());
        out.put("topology description status", d.topologyDescriptionStatus());
        out.put("topology description", d.topologyDescription());
        out.put("member epochs", d.members().stream().map(m -> m.memberEpoch()).toList());
        out.put("task offsets", d.members().stream().map(m -> m.taskOffsets().toString()).toList());
        out.put("task end offsets", d.members().stream().map(m -> m.taskEndOffsets().toString()).toList());
        return out;
    }
}
