package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.records.StreamsGroupRecords;
import io.lanes.coordinator.group.records.StreamsGroupRecords.Endpoint;
import io.lanes.coordinator.group.records.StreamsGroupRecords.Tasks;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A member of a streams group: what it sent about itself (persisted as StreamsGroupMemberMetadata) and its current
 * assignment (StreamsGroupCurrentMemberAssignment). Operations work on a {@link #copy} and only replay changes the
 * member held by the group. Not thread-safe (under the shard lock).
 */
final class StreamsMember {
    /** Kafka's MemberState values, as written in the current assignment record (their ordinals). */
    enum State { STABLE, UNREVOKED_TASKS, UNRELEASED_TASKS, UNKNOWN }

    final String memberId;
    String instanceId;
    String rackId;
    String clientId = "";
    String clientHost = "";
    int rebalanceTimeoutMs = -1;
    int topologyEpoch;
    String processId = "";
    Endpoint userEndpoint;
    SortedMap<String, String> clientTags = new TreeMap<>();

    int memberEpoch;
    int previousMemberEpoch;
    State state = State.STABLE;
    Tasks assigned = Tasks.EMPTY;
    Tasks pendingRevocation = Tasks.EMPTY;

    StreamsMember(String memberId) {
        this.memberId = memberId;
    }

    StreamsMember copy() {
        StreamsMember c = new StreamsMember(memberId);
        c.apply(metadata());
        c.apply(currentAssignment());
        return c;
    }

    StreamsGroupRecords.Member metadata() {
        return new StreamsGroupRecords.Member(instanceId, rackId, clientId, clientHost, rebalanceTimeoutMs,
                topologyEpoch, processId, userEndpoint, new TreeMap<>(clientTags));
    }

    StreamsGroupRecords.CurrentAssignment currentAssignment() {
        return new StreamsGroupRecords.CurrentAssignment(memberEpoch, previousMemberEpoch, (byte) state.ordinal(),
                assigned, pendingRevocation);
    }

    void apply(StreamsGroupRecords.Member m) {
        instanceId = m.instanceId();
        rackId = m.rackId();
        clientId = m.clientId();
        clientHost = m.clientHost();
        rebalanceTimeoutMs = m.rebalanceTimeoutMs();
        topologyEpoch = m.topologyEpoch();
        processId = m.processId();
        userEndpoint = m.userEndpoint();
        clientTags = new TreeMap<>(m.clientTags());
    }

    void apply(StreamsGroupRecords.CurrentAssignment a) {
        memberEpoch = a.memberEpoch();
        previousMemberEpoch = a.previousMemberEpoch();
        state = a.state() >= 0 && a.state() < State.values().length ? State.values()[a.state()] : State.UNKNOWN;
        assigned = a.assigned();
        pendingRevocation = a.pendingRevocation();
    }
}
