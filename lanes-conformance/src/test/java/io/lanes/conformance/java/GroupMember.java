package io.lanes.conformance.java;

import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * One subscribed group member as an application would write it: poll, process, commit what was
 * processed. It records what it received and what its rebalance listener was told (assigned,
 * revoked, lost), and reports ownership changes to the group's {@link PartitionOwners}.
 * Members are driven from the test thread by {@link #pollAll}; a member is not thread-safe.
 */
public final class GroupMember implements ConsumerRebalanceListener, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Comparator<TopicPartition> BY_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final String name;
    private final KafkaConsumer<String, String> consumer;
    private final PartitionOwners owners;
    private final boolean commitAfterProcessing;
    private final Set<TopicPartition> owned = new TreeSet<>(BY_PARTITION);
    private final List<TopicPartition> revoked = new ArrayList<>();
    private final Set<TopicPartition> lost = new LinkedHashSet<>();
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    private GroupMember(String name, KafkaConsumer<String, String> consumer, PartitionOwners owners,
                        boolean commitAfterProcessing) {
        this.name = name;
        this.consumer = consumer;
        this.owners = owners;
        this.commitAfterProcessing = commitAfterProcessing;
    }

    /**
     * Subscribes a new member to {@code topic}; it joins the group on its first poll.
     *
     * @param commitAfterProcessing whether to commit synchronously after every non-empty poll
     * @param extra consumer settings over {@link GroupTesting#memberConfig}'s
     */
    public static GroupMember subscribe(String name, BrokerUnderTest broker, GroupProtocol protocol, String group,
                                 String topic, PartitionOwners owners, boolean commitAfterProcessing,
                                 Map<String, Object> extra) {
        KafkaConsumer<String, String> consumer = Clients.consumer(broker,
                GroupTesting.memberOverrides(protocol, group, extra));
        GroupMember member = new GroupMember(name, consumer, owners, commitAfterProcessing);
        consumer.subscribe(List.of(topic), member);
        return member;
    }

    /** Polls every member in turn until {@code done} holds; fails after {@code timeout}. */
    public static void pollAll(Collection<GroupMember> members, BooleanSupplier done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what + "; members: " + members);
            }
            for (GroupMember member : members) {
                member.poll();
            }
        }
    }

    public void poll() {
        ConsumerRecords<String, String> records = consumer.poll(POLL);
        records.forEach(received::add);
        if (commitAfterProcessing && !records.isEmpty()) {
            consumer.commitSync();
        }
    }

    /** Commits the given offsets synchronously, as the member's application would. */
    public void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        consumer.commitSync(offsets);
    }

    /** Commits the positions after every record polled so far, as {@code commitSync()} does. */
    public void commitConsumed() {
        consumer.commitSync();
    }

    /** The member id and generation (or member epoch) the coordinator gave this member. */
    public ConsumerGroupMetadata groupMetadata() {
        return consumer.groupMetadata();
    }

    public String name() {
        return name;
    }

    /** The partitions this member owns now, as its listener was told. */
    public Set<TopicPartition> owned() {
        return Set.copyOf(owned);
    }

    /** Every partition this member was asked to give up since it joined, in order (a partition may come back). */
    public List<TopicPartition> revoked() {
        return List.copyOf(revoked);
    }

    /** Every partition this member lost (taken away without a chance to commit). */
    public Set<TopicPartition> lost() {
        return Set.copyOf(lost);
    }

    public List<ConsumerRecord<String, String>> received() {
        return List.copyOf(received);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        owned.addAll(partitions);
        owners.assigned(name, partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        revoked.addAll(partitions);
        owners.released(name, partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        lost.addAll(partitions);
        owners.released(name, partitions);
    }

    /** Leaves the group (LeaveGroup, or a heartbeat with epoch -1) and closes the client. */
    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    }

    @Override
    public String toString() {
        return name + " owns " + owned + " received " + received.size();
    }
}
