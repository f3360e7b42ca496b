package io.lanes.ops.groups;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Admin reads the group commands share: a group's description (an unknown group is a
 * {@link GroupIdNotFoundException}, whether the cluster answers "not found" or "Dead"), its committed
 * offsets, and the log start/end or by-timestamp offsets of partitions. Thread-safe (Admin is).
 */
final class GroupLookup {
    private final Admin admin;
    private final Duration timeout;

    GroupLookup(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    Admin admin() {
        return admin;
    }

    ConsumerGroupDescription describe(String group) throws ExecutionException, InterruptedException {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group),
                    new DescribeConsumerGroupsOptions().timeoutMs(timeoutMs())).describedGroups().get(group).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new ExecutionException(unknownGroup(group));
            }
            throw e;
        }
        // the classic DescribeGroups answers an unknown group with state Dead rather than an error
        if (description.groupState() == GroupState.DEAD) {
            throw new ExecutionException(unknownGroup(group));
        }
        return description;
    }

    /** Committed offsets of the group; partitions without a committed offset are left out. */
    Map<TopicPartition, Long> committed(String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group,
                new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs())).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset != null && offset.offset() >= 0) {
                committed.put(tp, offset.offset());
            }
        });
        return committed;
    }

    /** The offsets the spec names (earliest, latest = high watermark, for a timestamp) of each partition. */
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(Collection<TopicPartition> partitions,
                                                                          OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), tp -> spec, (a, b) -> a));
        return admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(timeoutMs())).all().get();
    }

    /** {@link #offsets} reduced to the offset numbers. */
    Map<TopicPartition, Long> offsetNumbers(Collection<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> numbers = new HashMap<>();
        offsets(partitions, spec).forEach((tp, info) -> numbers.put(tp, info.offset()));
        return numbers;
    }

    static GroupIdNotFoundException unknownGroup(String group) {
        return new GroupIdNotFoundException("group '" + group + "' does not exist");
    }

    private int timeoutMs() {
        return (int) timeout.toMillis();
    }
}
