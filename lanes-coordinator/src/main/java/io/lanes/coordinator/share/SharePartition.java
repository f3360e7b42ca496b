package io.lanes.coordinator.share;

import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The delivery state of one share-partition (one partition read by one share group, KIP-932): its start offset,
 * the records in flight with their {@link DeliveryState}, delivery count and acquisition lock.
 *
 * <p><b>Model.</b> Records below {@link #startOffset()} are done (acknowledged or archived). Every record the
 * partition has looked at from the start offset on has an entry until the start offset passes it; the records
 * beyond what it has looked at are available and were never delivered. Operations follow Kafka's coordinator
 * model where the change is durable: {@link #settle}, {@link #expireLocks} and {@link #releaseMember} only
 * compute a {@link ShareStateChange} (the ShareUpdateValue of {@code __share_group_state}); the state changes when
 * the caller {@link #apply applies} it, which is also how a restart rebuilds the state ({@link #load} then
 * {@code apply} of each later change). Acquisitions ({@link #acquire}) and lock renewals are not durable, as in
 * Kafka: they change the state at once, and after a restart an acquired record is available again with the
 * delivery count last written.
 *
 * <p><b>Transitions</b> (Kafka's): Available → Acquired (delivery count + 1, lock until now + lock duration);
 * Acquired → Acknowledged (accept), Archived (reject, or an offset acknowledged as a gap), Available (release or
 * lock expiry; Archived instead once the delivery count has reached {@code share.delivery.count.limit}); Acquired
 * stays Acquired with a new lock (renew). Acknowledged and Archived are final. The start offset moves to the first
 * record that is not final.
 *
 * <p><b>Key order</b> ({@code lanes.share.ordering=key}). A record of key K is acquired only when every earlier
 * record of K (from the start offset) is final: so two records of one key are never acquired at once (not even in
 * one fetch), a key's records are delivered in offset order, and a released or expired record, being the earliest
 * unfinished record of its key, is the next one of that key delivered. A key that waits blocks only itself: the
 * records of other keys behind it keep flowing. <b>Null keys</b> are unordered: each record with a null key is its
 * own key. A producer that sends no key asks for no order (Kafka's partitioner spreads such records over
 * partitions), and treating all null-key records as one key would serialise every keyless record of a partition.
 * Order holds per partition: records of one key in two partitions (e.g. after partitions were added) are two
 * independent sequences, exactly as for a consumer group. Keys compare by their bytes.
 *
 * <p><b>Acquisition.</b> At most {@code maxRecords} per fetch with {@link AcquireMode#RECORD_LIMIT}; with
 * {@link AcquireMode#BATCH_OPTIMIZED} a fetch that reaches {@code maxRecords} inside a producer batch goes on to
 * the end of that batch, as Kafka does. At most {@code maxInFlightRecords} records are tracked; beyond that nothing
 * new is acquired until the start offset moves.
 *
 * <p>Not thread-safe: one owner serialises all calls (and does compute-write-apply of a change without another
 * call in between).
 */
public final class SharePartition {
    private static final long NO_LOCK = Long.MAX_VALUE;

    private SharePartitionConfig config;
    private long startOffset;
    /** One past the last log record this partition has looked at; entries below it exist for every record. */
    private long scannedUpTo;
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();

    /** One record from the start offset on: its live state and, separately, its state as last made durable. */
    private static final class InFlight {
        /** False after a restart until the record is read from the log again. */
        boolean keyKnown;
        ByteBuffer key;
        long batchLastOffset;
        DeliveryState state = DeliveryState.AVAILABLE;
        short deliveryCount;
        String owner;
        long lockDeadlineMs = NO_LOCK;
        DeliveryState durableState = DeliveryState.AVAILABLE;
        short durableDeliveryCount;
    }

    private SharePartition(SharePartitionConfig config, long startOffset) {
        this.config = config;
        this.startOffset = startOffset;
        this.scannedUpTo = startOffset;
    }

    /** A share-partition with nothing delivered yet, starting at {@code startOffset}. */
    public static SharePartition create(SharePartitionConfig config, long startOffset) {
        return new SharePartition(config, startOffset);
    }

    /** A share-partition as its durable state says (a ShareSnapshotValue): no record is acquired. */
    public static SharePartition load(SharePartitionConfig config, long startOffset, List<StateBatch> batches) {
        SharePartition partition = new SharePartition(config, startOffset);
        partition.applyBatches(batches);
        return partition;
    }

    public SharePartitionConfig config() {
        return config;
    }

    /** A new config applies to what happens next; locks already granted keep their deadline. */
    public void reconfigure(SharePartitionConfig newConfig) {
        this.config = newConfig;
    }

    public long startOffset() {
        return startOffset;
    }

    /**
     * Where the next read of the log for {@link #acquire} must begin: the first record that is available again
     * (released, expired, or not yet read after a restart), else the first record not looked at yet.
     */
    public long nextFetchOffset() {
        for (Map.Entry<Long, InFlight> e : inFlight.entrySet()) {
            if (e.getKey() >= scannedUpTo) {
                break;
            }
            InFlight record = e.getValue();
            if (record.state == DeliveryState.AVAILABLE || !record.keyKnown && !record.state.isTerminal()) {
                return e.getKey();
            }
        }
        return scannedUpTo;
    }

    /** How many records are acquired right now. */
    public int acquiredCount() {
        int count = 0;
        for (InFlight record : inFlight.values()) {
            if (record.state == DeliveryState.ACQUIRED) {
                count++;
            }
        }
        return count;
    }

    /**
     * Acquires records for {@code memberId}, in offset order, from {@code records}: the log's records from
     * {@code fromOffset} on, in order, without a gap other than the log's own (a prefix of what the log holds from
     * there; it may end anywhere).
     *
     * @param fromOffset where the log was read from; at most {@link #nextFetchOffset()}
     * @return the acquired offsets as runs of consecutive offsets with one delivery count (count after this delivery)
     * @throws IllegalArgumentException if {@code fromOffset} is beyond {@link #nextFetchOffset()}
     */
    public List<AcquiredRecords> acquire(String memberId, long fromOffset, List<ShareLogRecord> records,
                                         int maxRecords, long nowMs) {
        return acquire(memberId, fromOffset, records, maxRecords, config.acquireMode(), nowMs);
    }

    /**
     * As {@link #acquire(String, long, List, int, long)}, in the acquire mode of the fetch: a consumer with
     * {@code share.acquire.mode=record_limit} (KIP-1206) sends it in its ShareFetch, and it holds for that fetch
     * whatever the group's default.
     */
    public List<AcquiredRecords> acquire(String memberId, long fromOffset, List<ShareLogRecord> records,
                                         int maxRecords, AcquireMode mode, long nowMs) {
        if (fromOffset > nextFetchOffset()) {
            throw new IllegalArgumentException("Read from " + fromOffset + " but the next fetch offset is "
                    + nextFetchOffset());
        }
        boolean keyOrder = config.ordering() == ShareOrdering.KEY;
        Set<ByteBuffer> busyKeys = keyOrder ? keysNotFinalBelow(fromOffset) : Set.of();
        List<InFlight> acquired = new ArrayList<>();
        List<Long> acquiredOffsets = new ArrayList<>();
        long batchEnd = -1;
        for (ShareLogRecord record : records) {
            long offset = record.offset();
            if (offset < fromOffset || offset < startOffset) {
                continue;
            }
            boolean limitReached = acquired.size() >= maxRecords;
            if (limitReached && (mode == AcquireMode.RECORD_LIMIT || offset > batchEnd)) {
                break;
            }
            InFlight entry = inFlight.get(offset);
            if (entry == null) {
                if (offset < scannedUpTo) {
                    continue; // final, and the start offset has not reached it: nothing to do
                }
                if (inFlight.size() >= config.maxInFlightRecords()) {
                    break;
                }
                entry = new InFlight();
                inFlight.put(offset, entry);
            }
            if (!entry.keyKnown) {
                entry.keyKnown = true;
                entry.key = record.key();
                entry.batchLastOffset = record.batchLastOffset();
            }
            scannedUpTo = Math.max(scannedUpTo, offset + 1);
            if (record.aborted() && entry.state == DeliveryState.AVAILABLE) {
                // read_committed: an aborted transaction's record is archived, never delivered (Kafka's rule);
                // not written on its own: re-reading the log after a restart archives it again
                entry.state = DeliveryState.ARCHIVED;
            }
            if (entry.state.isTerminal()) {
                continue;
            }
            ByteBuffer key = entry.key;
            boolean keyBusy = keyOrder && key != null && !busyKeys.add(key);
            if (entry.state != DeliveryState.AVAILABLE || keyBusy) {
                continue;
            }
            entry.state = DeliveryState.ACQUIRED;
            entry.deliveryCount++;
            entry.owner = memberId;
            entry.lockDeadlineMs = nowMs + config.lockDurationMs();
            acquired.add(entry);
            acquiredOffsets.add(offset);
            batchEnd = Math.max(batchEnd, record.batchLastOffset());
        }
        return runs(acquiredOffsets, acquired);
    }

    /**
     * Checks acknowledgements of {@code memberId} and returns the durable change they make (renewals take effect at
     * once). All or nothing: if any offset is not acquired by the member (an offset acknowledged as a
     * {@link AcknowledgeType#GAP} may also be unknown), the answer is {@link Errors#INVALID_RECORD_STATE} and nothing
     * changes.
     */
    public Settlement settle(String memberId, List<Acknowledgement> acknowledgements, long nowMs) {
        for (Acknowledgement ack : acknowledgements) {
            for (long offset = ack.firstOffset(); offset <= ack.lastOffset(); offset++) {
                InFlight entry = inFlight.get(offset);
                boolean gapOffset = ack.type() == AcknowledgeType.GAP && (entry == null || entry.state.isTerminal());
                if (!gapOffset && (entry == null || entry.state != DeliveryState.ACQUIRED
                        || !memberId.equals(entry.owner))) {
                    return Settlement.failed(Errors.INVALID_RECORD_STATE);
                }
            }
        }
        TreeMap<Long, InFlight> next = new TreeMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (Acknowledgement ack : acknowledgements) {
            for (long offset = ack.firstOffset(); offset <= ack.lastOffset(); offset++) {
                InFlight entry = inFlight.get(offset);
                if (entry == null || entry.state != DeliveryState.ACQUIRED) {
                    continue;
                }
                switch (ack.type()) {
                    case ACCEPT -> next.put(offset, settled(entry, DeliveryState.ACKNOWLEDGED));
                    case REJECT -> {
                        next.put(offset, settled(entry, DeliveryState.ARCHIVED));
                        deadLetters.add(new DeadLetter(offset, entry.deliveryCount, DeadLetter.Cause.CLIENT_REJECT));
                    }
                    case GAP -> next.put(offset, settled(entry, DeliveryState.ARCHIVED));
                    case RELEASE -> {
                        InFlight released = released(entry);
                        next.put(offset, released);
                        if (released.state == DeliveryState.ARCHIVED) {
                            deadLetters.add(new DeadLetter(offset, entry.deliveryCount,
                                    DeadLetter.Cause.DELIVERY_COUNT_EXCEEDED));
                        }
                    }
                    case RENEW -> entry.lockDeadlineMs = nowMs + config.lockDurationMs();
                }
            }
        }
        return new Settlement(Errors.NONE, change(next), deadLetters);
    }

    /**
     * The records a change from {@link #expireLocks} or {@link #releaseMember} archives, not yet applied: they came
     * back after their {@code share.delivery.count.limit}-th delivery, so they go to a dead-letter queue.
     */
    public List<DeadLetter> deadLetters(ShareStateChange change) {
        List<DeadLetter> out = new ArrayList<>();
        for (StateBatch batch : change.batches()) {
            if (batch.state() != DeliveryState.ARCHIVED) {
                continue;
            }
            for (long offset = batch.firstOffset(); offset <= batch.lastOffset(); offset++) {
                InFlight entry = inFlight.get(offset);
                if (entry != null && entry.state == DeliveryState.ACQUIRED) {
                    out.add(new DeadLetter(offset, entry.deliveryCount, DeadLetter.Cause.DELIVERY_COUNT_EXCEEDED));
                }
            }
        }
        return out;
    }

    /** The change that releases every record whose lock has expired at {@code nowMs} (empty if none). */
    public ShareStateChange expireLocks(long nowMs) {
        TreeMap<Long, InFlight> next = new TreeMap<>();
        inFlight.forEach((offset, entry) -> {
            if (entry.state == DeliveryState.ACQUIRED && entry.lockDeadlineMs <= nowMs) {
                next.put(offset, released(entry));
            }
        });
        return change(next);
    }

    /** The change that releases every record {@code memberId} holds (it left the group or closed its session). */
    public ShareStateChange releaseMember(String memberId) {
        TreeMap<Long, InFlight> next = new TreeMap<>();
        inFlight.forEach((offset, entry) -> {
            if (entry.state == DeliveryState.ACQUIRED && memberId.equals(entry.owner)) {
                next.put(offset, released(entry));
            }
        });
        return change(next);
    }

    /** The earliest lock deadline, or {@link Long#MAX_VALUE} when nothing is acquired. */
    public long nextLockDeadlineMs() {
        long earliest = NO_LOCK;
        for (InFlight entry : inFlight.values()) {
            if (entry.state == DeliveryState.ACQUIRED) {
                earliest = Math.min(earliest, entry.lockDeadlineMs);
            }
        }
        return earliest;
    }

    /** Applies a durable change: the only way records leave the Acquired state and the start offset moves. */
    public void apply(ShareStateChange change) {
        applyBatches(change.batches());
        if (change.startOffset() != ShareStateChange.NO_START_OFFSET && change.startOffset() > startOffset) {
            startOffset = change.startOffset();
            inFlight.headMap(startOffset).clear();
            scannedUpTo = Math.max(scannedUpTo, startOffset);
        }
    }

    /** The live state of one offset (Available beyond what the partition has looked at, Archived below the start). */
    public DeliveryState state(long offset) {
        if (offset < startOffset) {
            return DeliveryState.ARCHIVED;
        }
        InFlight entry = inFlight.get(offset);
        return entry == null ? DeliveryState.AVAILABLE : entry.state;
    }

    /** The delivery count of one offset at or beyond the start offset (0 if never delivered). */
    public short deliveryCount(long offset) {
        InFlight entry = inFlight.get(offset);
        return entry == null ? 0 : entry.deliveryCount;
    }

    /** The member holding the lock on an offset, or null. */
    public String owner(long offset) {
        InFlight entry = inFlight.get(offset);
        return entry == null || entry.state != DeliveryState.ACQUIRED ? null : entry.owner;
    }

    /**
     * The state as made durable, from the start offset: runs of offsets whose written state is not "available,
     * never delivered" (what a ShareSnapshotValue holds; equal to what {@link #load} and {@link #apply} of the
     * written changes rebuild).
     */
    public List<StateBatch> durableBatches() {
        List<StateBatch> batches = new ArrayList<>();
        StateBatch run = null;
        for (Map.Entry<Long, InFlight> e : inFlight.entrySet()) {
            InFlight entry = e.getValue();
            long offset = e.getKey();
            if (entry.durableState == DeliveryState.AVAILABLE && entry.durableDeliveryCount == 0) {
                continue;
            }
            if (run != null && run.lastOffset() + 1 == offset && run.state() == entry.durableState
                    && run.deliveryCount() == entry.durableDeliveryCount) {
                run = new StateBatch(run.firstOffset(), offset, run.state(), run.deliveryCount());
            } else {
                if (run != null) {
                    batches.add(run);
                }
                run = new StateBatch(offset, offset, entry.durableState, entry.durableDeliveryCount);
            }
        }
        if (run != null) {
            batches.add(run);
        }
        return batches;
    }

    private void applyBatches(List<StateBatch> batches) {
        for (StateBatch batch : batches) {
            for (long offset = Math.max(batch.firstOffset(), startOffset); offset <= batch.lastOffset(); offset++) {
                InFlight entry = inFlight.computeIfAbsent(offset, o -> new InFlight());
                entry.state = batch.state();
                entry.deliveryCount = batch.deliveryCount();
                entry.owner = null;
                entry.lockDeadlineMs = NO_LOCK;
                entry.durableState = batch.state();
                entry.durableDeliveryCount = batch.deliveryCount();
            }
        }
    }

    private static InFlight settled(InFlight entry, DeliveryState state) {
        InFlight next = new InFlight();
        next.state = state;
        next.deliveryCount = entry.deliveryCount;
        return next;
    }

    private InFlight released(InFlight entry) {
        boolean exhausted = entry.deliveryCount >= config.deliveryCountLimit();
        return settled(entry, exhausted ? DeliveryState.ARCHIVED : DeliveryState.AVAILABLE);
    }

    /** The keys of records before {@code offset} that are not final (their later records must wait). */
    private Set<ByteBuffer> keysNotFinalBelow(long offset) {
        Set<ByteBuffer> keys = new HashSet<>();
        for (InFlight entry : inFlight.headMap(offset).values()) {
            if (!entry.state.isTerminal() && entry.key != null) {
                keys.add(entry.key);
            }
        }
        return keys;
    }

    /** The durable change for new states of some offsets, with the start offset they let move. */
    private ShareStateChange change(TreeMap<Long, InFlight> next) {
        if (next.isEmpty()) {
            return new ShareStateChange(ShareStateChange.NO_START_OFFSET, List.of());
        }
        List<StateBatch> batches = new ArrayList<>();
        StateBatch run = null;
        for (Map.Entry<Long, InFlight> e : next.entrySet()) {
            long offset = e.getKey();
            InFlight entry = e.getValue();
            if (run != null && run.lastOffset() + 1 == offset && run.state() == entry.state
                    && run.deliveryCount() == entry.deliveryCount) {
                run = new StateBatch(run.firstOffset(), offset, run.state(), run.deliveryCount());
            } else {
                if (run != null) {
                    batches.add(run);
                }
                run = new StateBatch(offset, offset, entry.state, entry.deliveryCount);
            }
        }
        batches.add(run);
        long newStart = startAfter(next);
        return new ShareStateChange(newStart > startOffset ? newStart : ShareStateChange.NO_START_OFFSET, batches);
    }

    /** The first offset that is not final once {@code next} is applied (offsets never looked at are not final). */
    private long startAfter(Map<Long, InFlight> next) {
        long candidate = startOffset;
        for (Map.Entry<Long, InFlight> e : inFlight.tailMap(startOffset).entrySet()) {
            long offset = e.getKey();
            if (offset > candidate && offset > scannedUpTo) {
                return Math.max(candidate, scannedUpTo);
            }
            InFlight entry = next.getOrDefault(offset, e.getValue());
            if (!entry.state.isTerminal()) {
                return offset;
            }
            candidate = offset + 1;
        }
        return Math.max(candidate, scannedUpTo);
    }

    /** Consecutive acquired offsets with one delivery count, as AcquiredRecords runs. */
    private static List<AcquiredRecords> runs(List<Long> offsets, List<InFlight> entries) {
        List<AcquiredRecords> runs = new ArrayList<>();
        AcquiredRecords run = null;
        for (int i = 0; i < offsets.size(); i++) {
            long offset = offsets.get(i);
            short count = entries.get(i).deliveryCount;
            if (run != null && run.lastOffset() + 1 == offset && run.deliveryCount() == count) {
                run = new AcquiredRecords(run.firstOffset(), offset, count);
            } else {
                if (run != null) {
                    runs.add(run);
                }
                run = new AcquiredRecords(offset, offset, count);
            }
        }
        if (run != null) {
            runs.add(run);
        }
        return runs;
    }
}
