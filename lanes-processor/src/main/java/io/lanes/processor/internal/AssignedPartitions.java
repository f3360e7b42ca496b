package io.lanes.processor.internal;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The partitions assigned to this processor, their states, and which of them are paused.
 *
 * <p>Backpressure: a partition is paused when it holds {@code maxBufferedPerPartition} records not
 * yet complete, when all partitions together hold {@code maxBufferedTotal}, or while a
 * retry-topic record waits for its due time; it is resumed once it holds less than half its
 * limit (and the total less than half the total limit) and waits for nothing. The consumer keeps
 * polling throughout, so the group never sees a slow member.
 *
 * <p>Not thread-safe: poll thread only (the rebalance callbacks run there too). The gauges read
 * {@link #pausedCount()} and {@link #bufferedTotal()} from other threads, which see a recent value.
 */
public final class AssignedPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(AssignedPartitions.class);

    private final Consumer<?, ?> consumer;
    private final Function<TopicPartition, PartitionState.LaneMode> laneMode;
    private final long maxSpan;
    private final int maxBufferedPerPartition;
    private final int maxBufferedTotal;
    private final Map<TopicPartition, PartitionState> states = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private volatile int pausedCount;
    private volatile long bufferedTotal;

    public AssignedPartitions(Consumer<?, ?> consumer, Function<TopicPartition, PartitionState.LaneMode> laneMode,
                              long maxSpan, int maxBufferedPerPartition, int maxBufferedTotal) {
        this.consumer = consumer;
        this.laneMode = laneMode;
        this.maxSpan = maxSpan;
        this.maxBufferedPerPartition = maxBufferedPerPartition;
        this.maxBufferedTotal = maxBufferedTotal;
    }

    /** Creates the state of newly assigned partitions from their committed offsets and metadata. */
    public void assign(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long base = offset == null ? -1 : offset.offset();
            long[] done = new long[0];
            if (offset != null) {
                try {
                    done = OffsetMetadataCodec.decode(base, offset.metadata());
                } catch (IllegalArgumentException e) {
                    LOG.warn("Ignoring unreadable commit metadata of {}: {}", partition, e.getMessage());
                }
            }
            states.put(partition, new PartitionState(partition, laneMode.apply(partition), base, done, maxSpan));
            paused.remove(partition);
            LOG.debug("Assigned {} at {} with {} offsets above it already complete", partition, base, done.length);
        }
    }

    public PartitionState get(TopicPartition partition) {
        return states.get(partition);
    }

    /** Stops dispatching from these partitions (the first step of releasing them). */
    public List<PartitionState> revoke(Collection<TopicPartition> partitions) {
        List<PartitionState> revoked = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            PartitionState state = states.get(partition);
            if (state != null) {
                state.revoke();
                revoked.add(state);
            }
        }
        return revoked;
    }

    /** Forgets partitions (after their final commit, or when lost). */
    public void remove(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            states.remove(partition);
            paused.remove(partition);
        }
        pausedCount = paused.size();
    }

    public Collection<TopicPartition> all() {
        return new ArrayList<>(states.keySet());
    }

    /** The offsets to commit for every partition whose completion changed since the last call. */
    public Map<TopicPartition, OffsetAndMetadata> changedCommits() {
        return offsets(states.values(), PartitionState::commitIfChanged);
    }

    /** The offsets that describe exactly what completed in these partitions. */
    public static Map<TopicPartition, OffsetAndMetadata> currentCommits(List<PartitionState> partitions) {
        return offsets(partitions, PartitionState::currentCommit);
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Collection<PartitionState> partitions,
                                                                  Function<PartitionState, PartitionState.Commit> commitOf) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState state : partitions) {
            PartitionState.Commit commit = commitOf.apply(state);
            if (commit != null) {
                offsets.put(state.topicPartition(), new OffsetAndMetadata(commit.offset(), commit.metadata()));
            }
        }
        return offsets;
    }

    /** Pauses and resumes partitions by how much they hold; see the class comment. */
    public void applyBackpressure(long nowMillis) {
        // each partition's count is read once (it takes the partition's lock), for the total and for its own limit
        int[] bufferedOf = new int[states.size()];
        long total = 0;
        int i = 0;
        for (PartitionState state : states.values()) {
            bufferedOf[i] = state.buffered();
            total += bufferedOf[i++];
        }
        bufferedTotal = total;
        boolean totalFull = total >= maxBufferedTotal;
        boolean totalLow = total < Math.max(1, maxBufferedTotal / 2);
        List<TopicPartition> toPause = new ArrayList<>();
        List<TopicPartition> toResume = new ArrayList<>();
        i = 0;
        for (PartitionState state : states.values()) {
            int buffered = bufferedOf[i++];
            boolean waiting = state.isWaiting(nowMillis);
            TopicPartition partition = state.topicPartition();
            if (paused.contains(partition)) {
                if (!waiting && totalLow && buffered < Math.max(1, maxBufferedPerPartition / 2)) {
                    toResume.add(partition);
                }
            } else if (waiting || totalFull || buffered >= maxBufferedPerPartition) {
                toPause.add(partition);
            }
        }
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
            paused.addAll(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
            toResume.forEach(paused::remove);
        }
        pausedCount = paused.size();
    }

    public int pausedCount() {
        return pausedCount;
    }

    public long bufferedTotal() {
        return bufferedTotal;
    }
}
