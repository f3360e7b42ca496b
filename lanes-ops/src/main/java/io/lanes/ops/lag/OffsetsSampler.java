package io.lanes.ops.lag;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Samples consumer groups' offsets with the Admin client: committed offsets
 * ({@code listConsumerGroupOffsets}), each partition's latest and earliest offsets
 * ({@code listOffsets}) and who is assigned what ({@code describeConsumerGroups}). Groups named by
 * the caller must exist; with none named, every consumer group that has committed offsets is
 * sampled. Thread-safe as the Admin client is; the caller owns and closes the Admin.
 */
public final class OffsetsSampler {
    private final Admin admin;
    private final Duration timeout;
    private final Clock clock;

    public OffsetsSampler(Admin admin, Duration timeout, Clock clock) {
        this.admin = admin;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * @param groups the groups to sample; empty for every consumer group of the cluster
     * @throws GroupIdNotFoundException when a named group has neither members nor offsets
     */
    public OffsetsSnapshot sample(Collection<String> groups)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> names = groups.isEmpty() ? allConsumerGroups() : new TreeSet<>(groups);
        if (names.isEmpty()) {
            return new OffsetsSnapshot(clock.millis(), List.of());
        }
        Map<String, ConsumerGroupDescription> descriptions = admin.describeConsumerGroups(names).all().get(
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        names.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = admin.listConsumerGroupOffsets(specs).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);

        Set<TopicPartition> partitions = new HashSet<>();
        committed.values().forEach(offsets -> offsets.forEach((tp, om) -> {
            if (om != null) {
                partitions.add(tp);
            }
        }));
        long asked = clock.millis();
        Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
        // the snapshot's time is when the log ends were read (mid-request), not when sampling began:
        // commits are measured against log ends interpolated in time
        long at = asked + (clock.millis() - asked) / 2;
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());

        List<GroupOffsets> result = new ArrayList<>();
        for (String group : names) {
            ConsumerGroupDescription description = descriptions.get(group);
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.getOrDefault(group, Map.of());
            if (!groups.isEmpty() && description.groupState() == GroupState.DEAD && offsets.isEmpty()) {
                throw new GroupIdNotFoundException("group '" + group + "' not found");
            }
            Map<TopicPartition, Member> members = members(description);
            List<PartitionOffsets> rows = new ArrayList<>();
            offsets.forEach((tp, om) -> {
                if (om != null && latest.containsKey(tp)) {
                    rows.add(new PartitionOffsets(tp.topic(), tp.partition(), om.offset(), latest.get(tp),
                            earliest.getOrDefault(tp, 0L), members.getOrDefault(tp, Member.NONE)));
                }
            });
            rows.sort(Comparator.comparing(PartitionOffsets::topic).thenComparingInt(PartitionOffsets::partition));
            result.add(new GroupOffsets(group, description.groupState().toString(), List.copyOf(rows)));
        }
        return new OffsetsSnapshot(at, List.copyOf(result));
    }

    private Set<String> allConsumerGroups() throws ExecutionException, InterruptedException, TimeoutException {
        Collection<GroupListing> listings = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Set<String> names = new TreeSet<>();
        listings.forEach(l -> names.add(l.groupId()));
        return names;
    }

    /** The offsets of the partitions that answered; a partition of a deleted topic is left out. */
    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        ListOffsetsResult result = admin.listOffsets(request);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            try {
                offsets.put(tp, result.partitionResult(tp).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset());
            } catch (ExecutionException e) {
                // the topic is gone or the partition has no leader now: no lag to report for it
            }
        }
        return offsets;
    }

    private static Map<TopicPartition, Member> members(ConsumerGroupDescription description) {
        Map<TopicPartition, Member> members = new HashMap<>();
        for (MemberDescription m : description.members()) {
            Member member = new Member(m.consumerId(), m.clientId(), m.host());
            m.assignment().topicPartitions().forEach(tp -> members.put(tp, member));
        }
        return members;
    }
}
