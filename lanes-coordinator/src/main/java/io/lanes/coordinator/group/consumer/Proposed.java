package io.lanes.coordinator.group.consumer;

import java.util.ArrayList;
import java.util.List;

/**
 * The members a change leaves in a consumer group: the live ones, one of them replaced or added
 * ({@code member}, or null), one removed ({@code removedId}, or null). Not thread-safe: used under
 * the shard lock.
 */
record Proposed(ConsumerGroup group, ConsumerMember member, String removedId) {
    List<ConsumerMember> members() {
        List<ConsumerMember> out = new ArrayList<>();
        for (ConsumerMember m : group.members.values()) {
            if (!m.memberId.equals(removedId) && (member == null || !m.memberId.equals(member.memberId))) {
                out.add(m);
            }
        }
        if (member != null) {
            out.add(member);
        }
        return out;
    }
}
