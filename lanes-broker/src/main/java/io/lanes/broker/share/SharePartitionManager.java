package io.lanes.broker.share;

import io.lanes.broker.coordinator.InternalTopicLog;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import io.lanes.coordinator.share.AcquireMode;
import io.lanes.coordinator.share.AcquiredRecords;
import io.lanes.coordinator.share.DeadLetter;
import io.lanes.coordinator.share.Acknowledgement;
import io.lanes.coordinator.share.SharePartition;
import io.lanes.coordinator.share.ShareOrdering;
import io.lanes.coordinator.share.SharePartitionConfig;
import io.lanes.coordinator.share.ShareSnapshot;
import io.lanes.coordinator.share.StateBatch;
import io.lanes.coordinator.share.ShareStateChange;
import io.lanes.coordinator.share.ShareStateKey;
import io.lanes.coordinator.share.ShareStateStore;
import io.lanes.coordinator.share.Settlement;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The share-partitions of every share group on this broker, each a {@link SharePartition} kept durable in
 * {@code __share_group_state} through a {@link ShareStateStore}. A share-partition is created on its first fetch:
 * from its durable state if it has one, else at the start offset {@code share.auto.offset.reset} gives (latest:
 * the high watermark; earliest: the log start offset), which is written first.
 *
 * <p>Every change follows the same path under the share-partition's lock: compute it, write the records it archives
 * for the dead-letter queue ({@link ShareDeadLetterQueue}: rejected, or released after the delivery count limit)
 * to the group's DLQ topic, append the change's records to {@code __share_group_state}, replay them into the store,
 * apply it to the share-partition; the caller answers once both appends are durable. Lock expiry is lazy: every
 * fetch or acknowledgement first releases what expired. A group with {@code share.isolation.level=read_committed}
 * reads up to the last stable offset and never acquires an aborted transaction's records.
 *
 * <p>Thread-safe: one lock per share-partition, and the store's own lock (held only to build and replay records).
 */
public final class SharePartitionManager {
    /** The start offset policy of a group, from its {@code share.auto.offset.reset}. */
    public enum ResetPolicy { LATEST, EARLIEST }

    /** What a fetch acquired on one share-partition: the batches to send and the acquired runs. */
    public record Acquired(Errors error, Records records, List<AcquiredRecords> acquired) {
        static final Acquired NOTHING = new Acquired(Errors.NONE, MemoryRecords.EMPTY, List.of());

        static Acquired failed(Errors error) {
            return new Acquired(error, MemoryRecords.EMPTY, List.of());
        }
    }

    /** The outcome of acknowledgements on one share-partition; answer once {@code durable} completes. */
    public record Acknowledged(Errors error, CompletableFuture<Void> durable) {
    }

    private static final class Holder {
        final ShareStateKey key;
        final TopicPartition topicPartition;
        SharePartition partition;
        /** State writes applied in memory and not yet durable (counted down by the writer's completion, lock-free). */
        final AtomicInteger writesInFlight = new AtomicInteger();

        Holder(ShareStateKey key, TopicPartition topicPartition) {
            this.key = key;
            this.topicPartition = topicPartition;
        }
    }

    private final TopicManager topics;
    private final InternalTopicLog stateTopic;
    private final ShareStateStore store;
    private final Function<String, SharePartitionConfig> configOfGroup;
    private final Function<String, ResetPolicy> resetOfGroup;
    private final Predicate<String> readCommittedOfGroup;
    private final ShareDeadLetterQueue deadLetterQueue;
    private final LongSupplier clock;
    /** Told of a partition whose records may have become available again, to wake share fetches waiting on it. */
    private final Consumer<TopicPartition> recordsAvailable;
    private final Map<ShareStateKey, Holder> partitions = new ConcurrentHashMap<>();

    public SharePartitionManager(TopicManager topics, InternalTopicLog stateTopic, ShareStateStore store,
                                 Function<String, SharePartitionConfig> configOfGroup,
                                 Function<String, ResetPolicy> resetOfGroup, Predicate<String> readCommittedOfGroup,
                                 ShareDeadLetterQueue deadLetterQueue, LongSupplier clock,
                                 Consumer<TopicPartition> recordsAvailable) {
        this.topics = topics;
        this.stateTopic = stateTopic;
        this.store = store;
        this.configOfGroup = configOfGroup;
        this.resetOfGroup = resetOfGroup;
        this.readCommittedOfGroup = readCommittedOfGroup;
        this.deadLetterQueue = deadLetterQueue;
        this.clock = clock;
        this.recordsAvailable = recordsAvailable;
    }

    /** Replays {@code __share_group_state} into the store (start-up, before serving). */
    public void load() {
        stateTopic.load((partition, producerId, key, value) -> {
            synchronized (store) {
                store.replay(key, value);
            }
        });
    }

    /** The lock duration of a group's share-partitions, for ShareFetch's AcquisitionLockTimeoutMs. */
    public long lockDurationMs(String groupId) {
        return configOfGroup.apply(groupId).lockDurationMs();
    }

    /**
     * Acquires up to {@code maxRecords} records of one share-partition for a member; with {@code recordLimit} (the
     * fetch's ShareAcquireMode) never more, else in the group's acquire mode.
     */
    public Acquired acquire(String groupId, String memberId, TopicInfo topic, int partitionIndex, int maxRecords,
                            int maxBytes, boolean recordLimit) {
        Holder holder = holder(groupId, topic, partitionIndex);
        Optional<PartitionLog> log = topics.partition(holder.topicPartition);
        if (log.isEmpty()) {
            return Acquired.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        synchronized (holder) {
            try {
                SharePartition partition = open(holder, log.get());
                long now = clock.getAsLong();
                expire(holder, partition, log.get(), now);
                if (partition.config().ordering() == ShareOrdering.KEY && holder.writesInFlight.get() > 0) {
                    // A key's next record must not go out before its predecessor's settlement is durable: a crash
                    // in between would deliver that predecessor again after it. Waiting fetches retry once durable.
                    return Acquired.NOTHING;
                }
                long from = Math.max(partition.nextFetchOffset(), log.get().logStartOffset());
                ShareLogReader.Read read = ShareLogReader.read(log.get(), from, maxBytes,
                        readCommittedOfGroup.test(groupId));
                AcquireMode mode = recordLimit ? AcquireMode.RECORD_LIMIT : partition.config().acquireMode();
                List<AcquiredRecords> acquired = partition.acquire(memberId, from, read.logRecords(), maxRecords,
                        mode, now);
                return acquired.isEmpty() ? Acquired.NOTHING
                        : new Acquired(Errors.NONE, read.covering(acquired.get(0).firstOffset(),
                                acquired.get(acquired.size() - 1).lastOffset()), acquired);
            } catch (RuntimeException e) {
                return Acquired.failed(Errors.forException(e) == Errors.UNKNOWN_SERVER_ERROR
                        ? Errors.KAFKA_STORAGE_ERROR : Errors.forException(e));
            }
        }
    }

    /** Settles a member's acknowledgements on one share-partition. */
    public Acknowledged acknowledge(String groupId, String memberId, TopicInfo topic, int partitionIndex,
                                    List<Acknowledgement> acknowledgements) {
        Holder holder = holder(groupId, topic, partitionIndex);
        Optional<PartitionLog> log = topics.partition(holder.topicPartition);
        if (log.isEmpty()) {
            return new Acknowledged(Errors.UNKNOWN_TOPIC_OR_PARTITION, CompletableFuture.completedFuture(null));
        }
        synchronized (holder) {
            try {
                SharePartition partition = open(holder, log.get());
                long now = clock.getAsLong();
                CompletableFuture<Void> expired = expire(holder, partition, log.get(), now);
                Settlement settlement = partition.settle(memberId, acknowledgements, now);
                if (settlement.error() != Errors.NONE) {
                    return new Acknowledged(settlement.error(), expired);
                }
                return new Acknowledged(Errors.NONE, CompletableFuture.allOf(expired,
                        durably(holder, log.get(), settlement.change(), settlement.deadLetters())));
            } catch (RuntimeException e) {
                return new Acknowledged(Errors.KAFKA_STORAGE_ERROR, CompletableFuture.completedFuture(null));
            }
        }
    }

    /** Releases whatever a member holds in any share-partition of its group (it left, or closed its session). */
    public CompletableFuture<Void> releaseMember(String groupId, String memberId) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Holder holder : partitions.values()) {
            if (!holder.key.groupId().equals(groupId)) {
                continue;
            }
            synchronized (holder) {
                if (holder.partition != null) {
                    try {
                        ShareStateChange change = holder.partition.releaseMember(memberId);
                        Optional<PartitionLog> log = topics.partition(holder.topicPartition);
                        writes.add(log.isPresent()
                                ? durably(holder, log.get(), change, holder.partition.deadLetters(change))
                                : durably(holder, change));
                    } catch (RuntimeException e) {
                        writes.add(CompletableFuture.failedFuture(e));
                    }
                }
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /** The start offset of a share-partition, or -1 if it has no state. */
    public long startOffset(String groupId, TopicInfo topic, int partitionIndex) {
        ShareStateKey key = new ShareStateKey(groupId, topic.id(), partitionIndex);
        synchronized (store) {
            return store.read(key).map(ShareSnapshot::startOffset).orElse(-1L);
        }
    }

    /** The share-partitions of a group that have durable state, with their start offsets. */
    public Map<ShareStateKey, Long> startOffsets(String groupId) {
        Map<ShareStateKey, Long> out = new java.util.LinkedHashMap<>();
        synchronized (store) {
            for (ShareStateKey key : store.keys(groupId)) {
                store.read(key).ifPresent(snapshot -> out.put(key, snapshot.startOffset()));
            }
        }
        return out;
    }

    /**
     * The lag of a share-partition (KIP-1226): the offsets from its durable start offset up to the partition's high
     * watermark whose delivery is not complete, that is, not durably Acknowledged or Archived; -1 when it has no
     * state or the partition does not exist.
     */
    public long lag(ShareStateKey key, String topicName) {
        Optional<ShareSnapshot> durable;
        synchronized (store) {
            durable = store.read(key);
        }
        Optional<PartitionLog> log = topics.partition(new TopicPartition(topicName, key.partition()));
        if (durable.isEmpty() || log.isEmpty()) {
            return -1L;
        }
        long start = durable.get().startOffset();
        long end = log.get().highWatermark();
        long complete = 0;
        for (StateBatch batch : durable.get().batches()) {
            if (batch.state().isTerminal()) {
                long from = Math.max(batch.firstOffset(), start);
                long to = Math.min(batch.lastOffset() + 1, end);
                complete += Math.max(0, to - from);
            }
        }
        return Math.max(0, end - start - complete);
    }

    /**
     * Starts a share-partition over at {@code startOffset} (AlterShareGroupOffsets): a new state epoch and nothing in
     * flight. The caller makes sure the group has no members.
     */
    public CompletableFuture<Void> reset(String groupId, TopicInfo topic, int partitionIndex, long startOffset) {
        Holder holder = holder(groupId, topic, partitionIndex);
        synchronized (holder) {
            int epoch;
            synchronized (store) {
                epoch = store.stateEpoch(holder.key) + 1;
            }
            CompletableFuture<Void> durable = write(holder.key,
                    s -> s.initialize(holder.key, epoch, startOffset, clock.getAsLong()));
            holder.partition = null; // reloaded from the new state on next use
            return durable;
        }
    }

    /** Forgets the state of a group's share-partitions of one topic (DeleteShareGroupOffsets). */
    public CompletableFuture<Void> delete(String groupId, TopicInfo topic) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int p = 0; p < topic.partitions(); p++) {
            Holder holder = holder(groupId, topic, p);
            synchronized (holder) {
                boolean exists;
                synchronized (store) {
                    exists = store.read(holder.key).isPresent();
                }
                if (exists) {
                    writes.add(write(holder.key, s -> s.delete(holder.key)));
                }
                holder.partition = null;
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    private Holder holder(String groupId, TopicInfo topic, int partitionIndex) {
        ShareStateKey key = new ShareStateKey(groupId, topic.id(), partitionIndex);
        return partitions.computeIfAbsent(key, k -> new Holder(k, new TopicPartition(topic.name(), partitionIndex)));
    }

    /** The holder's share-partition, from its durable state or started (durably) at the reset offset. */
    private SharePartition open(Holder holder, PartitionLog log) {
        SharePartitionConfig config = configOfGroup.apply(holder.key.groupId());
        if (holder.partition != null) {
            holder.partition.reconfigure(config);
            return holder.partition;
        }
        Optional<ShareSnapshot> durable;
        synchronized (store) {
            durable = store.read(holder.key);
        }
        if (durable.isPresent()) {
            holder.partition = SharePartition.load(config, durable.get().startOffset(), durable.get().batches());
            return holder.partition;
        }
        long start = resetOfGroup.apply(holder.key.groupId()) == ResetPolicy.EARLIEST
                ? log.logStartOffset() : log.highWatermark();
        write(holder.key, store -> store.initialize(holder.key, 0, start, clock.getAsLong()));
        holder.partition = SharePartition.create(config, start);
        return holder.partition;
    }

    /** Releases what expired, dead-lettering what came back once too often. */
    private CompletableFuture<Void> expire(Holder holder, SharePartition partition, PartitionLog log, long now) {
        ShareStateChange change = partition.expireLocks(now);
        return durably(holder, log, change, partition.deadLetters(change));
    }

    /**
     * Writes the dead letters to the group's DLQ, then the change, and applies it; the future completes once both
     * are durable (the DLQ records are appended before the state that archives them).
     */
    private CompletableFuture<Void> durably(Holder holder, PartitionLog log, ShareStateChange change,
                                            List<DeadLetter> deadLetters) {
        CompletableFuture<Void> dead = deadLetterQueue.write(holder.key.groupId(), log, deadLetters);
        return CompletableFuture.allOf(dead, durably(holder, change));
    }

    /** Writes a change and applies it (nothing if it is empty); the future completes once it is durable. */
    private CompletableFuture<Void> durably(Holder holder, ShareStateChange change) {
        if (change.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> durable = write(holder.key, store -> store.write(holder.key, change, clock.getAsLong()));
        holder.partition.apply(change);
        holder.writesInFlight.incrementAndGet();
        // A release, an expired lock or (key-ordered) a settled record can make records available to other members:
        // as Kafka, the share fetches waiting on the partition try again rather than wait out their time.
        return durable.whenComplete((done, error) -> {
            holder.writesInFlight.decrementAndGet();
            recordsAvailable.accept(holder.topicPartition);
        });
    }

    private CompletableFuture<Void> write(ShareStateKey key, Function<ShareStateStore, List<CoordinatorRecord>> build) {
        synchronized (store) {
            List<CoordinatorRecord> records = build.apply(store);
            stateTopic.ensureCreated();
            CompletableFuture<Void> durable = stateTopic.append(stateTopicPartition(key), records);
            records.forEach(store::replay);
            return durable;
        }
    }

    /** The partition of {@code __share_group_state} holding a share-partition's records (Kafka's key string). */
    private int stateTopicPartition(ShareStateKey key) {
        String id = key.groupId() + ":" + key.topicId() + ":" + key.partition();
        return Utils.toPositive(Utils.murmur2(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % stateTopic.partitionCount();
    }
}
