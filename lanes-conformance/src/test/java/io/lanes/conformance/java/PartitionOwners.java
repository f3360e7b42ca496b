package io.lanes.conformance.java;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who owns each partition of one group, as its members' rebalance listeners report it, and every
 * time a partition was handed to a member while another still held it. The members are polled
 * from one thread, so the listener calls arrive in the order the members saw their assignments
 * change. Not thread-safe.
 */
public final class PartitionOwners {

    private final Map<TopicPartition, String> owners = new HashMap<>();
    private final List<String> conflicts = new ArrayList<>();

    void assigned(String member, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            String previous = owners.put(partition, member);
            if (previous != null && !previous.equals(member)) {
                conflicts.add(partition + " assigned to " + member + " while " + previous + " owned it");
            }
        }
    }

    void released(String member, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            owners.remove(partition, member);
        }
    }

    /** Every partition that had two owners at once; empty when ownership was always exclusive. */
    public List<String> conflicts() {
        return List.copyOf(conflicts);
    }
}
