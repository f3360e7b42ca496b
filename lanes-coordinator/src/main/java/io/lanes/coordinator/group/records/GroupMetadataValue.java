package io.lanes.coordinator.group.records;

import java.util.List;

/**
 * A classic group's durable snapshot, written when a generation completes (SyncGroup from the
 * leader), when the group becomes Empty, and when a static member is replaced. Members awaiting
 * a rebalance are not persisted: after a restart the group resumes from its last snapshot.
 *
 * @param protocolType     "consumer" for consumers, or null for a group that only has offsets
 * @param generation       the generation id
 * @param protocolName     the selected assignor, or null when Empty
 * @param leader           the leader's member id, or null when Empty
 * @param stateTimestampMs when the group entered its current state (Empty: start of the offset retention clock)
 * @param members          the members of the generation (empty for an Empty group)
 */
public record GroupMetadataValue(String protocolType, int generation, String protocolName, String leader,
                                 long stateTimestampMs, List<Member> members) {
    public GroupMetadataValue {
        members = List.copyOf(members);
    }

    /**
     * One member of the generation.
     *
     * @param subscription the member's metadata for the selected protocol
     * @param assignment   the assignment the leader gave it
     */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }
}
