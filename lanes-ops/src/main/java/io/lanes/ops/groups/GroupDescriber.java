package io.lanes.ops.groups;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Describes a consumer group the way {@code kafka-consumer-groups.sh --describe} sees it: state,
 * protocol type, assignor, members with their assignments, and one row per partition that is
 * assigned or has a committed offset, with the committed offset, the log end offset (high
 * watermark, as Kafka's tool reads it) and the lag = log end - committed (absent without a
 * committed offset). Thread-safe (Admin is).
 */
public final class GroupDescriber {

    /** A member: ids, host and the partitions assigned to it ({@code topic-partition}, sorted). */
    public record Member(String memberId, String groupInstanceId, String clientId, String host,
                         List<String> assignment) {
    }

    /**
     * A partition of the group. {@code committedOffset} and {@code lag} are null without a committed
     * offset; the member fields are null when no member owns the partition.
     */
    public record PartitionLag(String topic, int partition, Long committedOffset, long logEndOffset, Long lag,
                               String memberId, String clientId, String host) {
    }

    /** The group: id, state, type ({@code classic}/{@code consumer}), assignor, coordinator node, members, partitions. */
    public record GroupDetails(String group, String state, String type, String assignor, int coordinator,
                               List<Member> members, List<PartitionLag> partitions) {
        /** The total lag over partitions with a committed offset. */
        public long totalLag() {
            return partitions.stream().filter(p -> p.lag() != null).mapToLong(PartitionLag::lag).sum();
        }
    }

    private final GroupLookup lookup;

    public GroupDescriber(Admin admin, Duration timeout) {
        this.lookup = new GroupLookup(admin, timeout);
    }

    /**
     * The group's description.
     *
     * @throws ExecutionException with a {@link org.apache.kafka.common.errors.GroupIdNotFoundException}
     *                            cause when the group does not exist
     */
    public GroupDetails describe(String group) throws ExecutionException, InterruptedException {
        ConsumerGroupDescription description = lookup.describe(group);
        Map<TopicPartition, Long> committed = lookup.committed(group);
        Map<TopicPartition, MemberDescription> owners = new HashMap<>();
        List<Member> members = new ArrayList<>();
        for (MemberDescription m : description.members()) {
            Set<TopicPartition> assigned = m.assignment().topicPartitions();
            assigned.forEach(tp -> owners.put(tp, m));
            members.add(new Member(m.consumerId(), m.groupInstanceId().orElse(null), m.clientId(), m.host(),
                    assigned.stream().sorted(PARTITION_ORDER).map(TopicPartition::toString).toList()));
        }
        members.sort(Comparator.comparing(Member::memberId));
        Set<TopicPartition> partitions = new HashSet<>(owners.keySet());
        partitions.addAll(committed.keySet());
        Map<TopicPartition, Long> logEnd = lookup.offsetNumbers(partitions, OffsetSpec.latest());
        List<PartitionLag> rows = partitions.stream().sorted(PARTITION_ORDER).map(tp -> {
            Long offset = committed.get(tp);
            long end = logEnd.getOrDefault(tp, -1L);
            MemberDescription owner = owners.get(tp);
            return new PartitionLag(tp.topic(), tp.partition(), offset, end,
                    offset == null || end < 0 ? null : end - offset,
                    owner == null ? null : owner.consumerId(), owner == null ? null : owner.clientId(),
                    owner == null ? null : owner.host());
        }).toList();
        String assignor = description.partitionAssignor();
        return new GroupDetails(group, description.groupState().toString(),
                description.type().toString().toLowerCase(Locale.ROOT),
                assignor == null || assignor.isEmpty() ? null : assignor,
                description.coordinator() == null ? -1 : description.coordinator().id(), members, rows);
    }

    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
}
