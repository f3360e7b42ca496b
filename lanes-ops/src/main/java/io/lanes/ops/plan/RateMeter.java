package io.lanes.ops.plan;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures a topic's produce rate and a group's processing rate from offsets the cluster already
 * keeps (Admin API only, nothing is consumed): log end offsets and committed offsets at the start
 * and the end of a window. Thread-safe if the {@link Admin} is (kafka-clients' is); {@link #measure}
 * blocks for the window.
 */
public final class RateMeter {
    private final Admin admin;
    private final Duration timeout;

    public RateMeter(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** The topic's partition count; an unknown topic fails with Kafka's {@code UnknownTopicOrPartitionException}. */
    public int partitions(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic).partitions().size();
    }

    /** Snapshots at the start and the end of {@code window}, and the rates between them. */
    public MeasuredRates measure(String topic, String group, Duration window)
            throws ExecutionException, InterruptedException, TimeoutException {
        int partitions = partitions(topic);
        OffsetSnapshot start = snapshot(topic, partitions, group);
        Thread.sleep(window.toMillis());
        OffsetSnapshot end = snapshot(topic, partitions, group);
        return MeasuredRates.between(start, end, group != null);
    }

    /** The topic's log end offsets and, when {@code group} is not null, its commits and members now. */
    public OffsetSnapshot snapshot(String topic, int partitions, String group)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        // the instant between the two requests stands for both: each is a few milliseconds at most
        long nanos = System.nanoTime();
        Map<Integer, Long> logEnd = new HashMap<>();
        ends.forEach((tp, info) -> logEnd.put(tp.partition(), info.offset()));
        Map<Integer, Long> committed = new HashMap<>();
        int members = 0;
        if (group != null) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            offsets.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(topic)) {
                    committed.put(tp.partition(), om.offset());
                }
            });
            members = membersConsuming(topic, group);
        }
        return new OffsetSnapshot(nanos, logEnd, committed, members);
    }

    private int membersConsuming(String topic, String group)
            throws ExecutionException, InterruptedException, TimeoutException {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
        return (int) description.members().stream()
                .filter(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(topic)))
                .count();
    }
}
