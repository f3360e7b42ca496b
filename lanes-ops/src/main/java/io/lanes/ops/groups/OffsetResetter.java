package io.lanes.ops.groups;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Plans and applies {@code reset-offsets} as {@code kafka-consumer-groups.sh} does: only for a group
 * without active members (state Empty), over the partitions named, to targets computed by
 * {@link ResetTargets}. {@link #plan} only reads; {@link #execute} commits the whole plan in one
 * OffsetCommit request, so it is applied entirely or not at all. Thread-safe (Admin is).
 */
public final class OffsetResetter {

    /** One partition of the plan: its committed offset now (null when none) and the new one. */
    public record Move(String topic, int partition, Long currentOffset, long newOffset) {
    }

    /** The plan for a group: its state when planned and one move per partition, sorted. */
    public record ResetPlan(String group, String state, List<Move> moves) {
    }

    private final GroupLookup lookup;

    public OffsetResetter(Admin admin, Duration timeout) {
        this.lookup = new GroupLookup(admin, timeout);
    }

    /**
     * The plan, with nothing changed.
     *
     * @param selection the partitions named by {@code --topic}; null for every partition the group has committed
     * @throws ExecutionException whose cause is a {@link org.apache.kafka.common.errors.GroupIdNotFoundException}
     *                            for an unknown group, a {@link GroupNotEmptyException} when it has active members,
     *                            an {@link UnknownTopicOrPartitionException} for an unknown topic or partition
     * @throws IllegalArgumentException for a shift on a partition without a committed offset
     */
    public ResetPlan plan(String group, PartitionSelection selection, ResetSpec spec)
            throws ExecutionException, InterruptedException {
        ConsumerGroupDescription description = lookup.describe(group);
        requireInactive(description);
        Map<TopicPartition, Long> committed = lookup.committed(group);
        List<TopicPartition> partitions = selection == null
                ? committed.keySet().stream().sorted(GroupDescriber.PARTITION_ORDER).toList()
                : resolve(selection);
        Map<TopicPartition, Long> start = lookup.offsetNumbers(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = lookup.offsetNumbers(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> forTime = spec instanceof ResetSpec.ToDatetime at
                ? offsetsForTime(partitions, at) : Map.of();
        List<Move> moves = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            var offsets = new ResetTargets.PartitionOffsets(start.get(tp), end.get(tp), committed.get(tp),
                    forTime.get(tp));
            moves.add(new Move(tp.topic(), tp.partition(), committed.get(tp),
                    ResetTargets.target(spec, tp.toString(), offsets)));
        }
        return new ResetPlan(group, description.groupState().toString(), moves);
    }

    /**
     * Commits the plan's offsets for the group, after checking again that it has no active member
     * (the broker refuses the commit for a group with members, too).
     */
    public void execute(ResetPlan plan) throws ExecutionException, InterruptedException {
        requireInactive(lookup.describe(plan.group()));
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        plan.moves().forEach(m -> offsets.put(new TopicPartition(m.topic(), m.partition()),
                new OffsetAndMetadata(m.newOffset())));
        if (offsets.isEmpty()) {
            return;
        }
        lookup.admin().alterConsumerGroupOffsets(plan.group(), offsets,
                new AlterConsumerGroupOffsetsOptions().timeoutMs((int) lookup.timeout().toMillis())).all().get();
    }

    private static void requireInactive(ConsumerGroupDescription description) throws ExecutionException {
        if (!description.members().isEmpty() || description.groupState() != GroupState.EMPTY) {
            throw new ExecutionException(new GroupNotEmptyException("group '" + description.groupId() + "' has "
                    + description.members().size() + " active member(s) (state " + description.groupState()
                    + "): stop its consumers before resetting its offsets"));
        }
    }

    private List<TopicPartition> resolve(PartitionSelection selection) throws ExecutionException, InterruptedException {
        Map<String, TopicDescription> topics = new HashMap<>();
        for (String topic : selection.partitions().keySet()) {
            try {
                topics.putAll(lookup.admin().describeTopics(Set.of(topic),
                        new DescribeTopicsOptions().timeoutMs((int) lookup.timeout().toMillis())).allTopicNames().get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new ExecutionException(new UnknownTopicOrPartitionException(
                            "topic '" + topic + "' does not exist"));
                }
                throw e;
            }
        }
        List<TopicPartition> partitions = new ArrayList<>();
        selection.partitions().forEach((topic, named) -> {
            int count = topics.get(topic).partitions().size();
            if (named.isEmpty()) {
                for (int p = 0; p < count; p++) {
                    partitions.add(new TopicPartition(topic, p));
                }
            } else {
                named.forEach(p -> partitions.add(new TopicPartition(topic, p)));
            }
        });
        for (TopicPartition tp : partitions) {
            if (tp.partition() >= topics.get(tp.topic()).partitions().size()) {
                throw new ExecutionException(new UnknownTopicOrPartitionException("partition " + tp.partition()
                        + " of topic '" + tp.topic() + "' does not exist (it has "
                        + topics.get(tp.topic()).partitions().size() + ")"));
            }
        }
        return partitions;
    }

    private Map<TopicPartition, Long> offsetsForTime(List<TopicPartition> partitions, ResetSpec.ToDatetime at)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> found = new HashMap<>();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
                lookup.offsets(partitions, OffsetSpec.forTimestamp(at.at().toEpochMilli()));
        // -1: no record at or after the timestamp; ResetTargets falls back to the log end
        infos.forEach((tp, info) -> {
            if (info.offset() >= 0) {
                found.put(tp, info.offset());
            }
        });
        return found;
    }
}
