package io.lanes.coordinator.share;

import io.lanes.coordinator.runtime.CoordinatorRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SharePartition} and {@link ShareStateStore} under random consumers: three members fetch with random
 * limits, accept, release, reject and renew what they hold, leave, let locks expire, while producers append
 * records with a skewed key distribution (one hot key, a few cold ones, null keys), and the "broker" restarts
 * from {@code __share_group_state} now and then. Every change is written as a record, replayed by the store, then
 * applied, as the broker does.
 *
 * <p>At every step: the live durable state equals the state a fresh store replays from the written records; no
 * delivery count passes the limit; in key order no two records of a key are acquired at once and a record is
 * acquired only when every earlier record of its key is final (so a key's records are delivered, and accepted, in
 * offset order). At the end a consumer that accepts everything drains the partition: every record is accepted
 * once or archived, and the start offset reaches the end of the log.
 */
class SharePartitionPropertiesTest {
    private static final ShareStateKey KEY = new ShareStateKey("g", Uuid.fromString("MLTsZ9qRQs2VYOaMKrbyrg"), 0);
    private static final long LOCK_MS = 1_000L;
    private static final int LIMIT = 3;
    private static final String[] MEMBERS = {"m1", "m2", "m3"};

    enum Kind { PRODUCE, FETCH, ACCEPT, RELEASE, REJECT, RENEW, TICK, LEAVE, RESTART }

    record Op(Kind kind, int member, int amount, int keyChoice) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(4, Kind.PRODUCE), Tuple.of(6, Kind.FETCH),
                Tuple.of(6, Kind.ACCEPT), Tuple.of(2, Kind.RELEASE),
                Tuple.of(1, Kind.REJECT), Tuple.of(1, Kind.RENEW),
                Tuple.of(2, Kind.TICK), Tuple.of(1, Kind.LEAVE),
                Tuple.of(1, Kind.RESTART));
        Arbitrary<Op> op = Combinators.combine(kind, Arbitraries.integers().between(0, MEMBERS.length - 1),
                Arbitraries.integers().between(1, 6), Arbitraries.integers().between(0, 99)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 300, seed = "13")
    void shouldKeepKeyOrderAndDurableStateWhenOrderingIsKey(@ForAll("ops") List<Op> ops,
                                                            @ForAll boolean recordLimit) {
        new Simulation(ShareOrdering.KEY, recordLimit).run(ops);
    }

    @Property(tries = 300, seed = "932")
    void shouldDeliverEveryRecordAndKeepDurableStateWhenOrderingIsNone(@ForAll("ops") List<Op> ops,
                                                                       @ForAll boolean recordLimit) {
        new Simulation(ShareOrdering.NONE, recordLimit).run(ops);
    }

    /** One run: a log, the written records, the store and the live partition. */
    private static final class Simulation {
        private final SharePartitionConfig config;
        private final List<ShareLogRecord> log = new ArrayList<>();
        private final List<CoordinatorRecord> written = new ArrayList<>();
        private final ShareStateStore store = new ShareStateStore(4);
        private final Map<Long, Integer> accepted = new HashMap<>();
        private final Map<ByteBuffer, Long> lastAcceptedOfKey = new HashMap<>();
        private SharePartition partition;
        private long now;

        Simulation(ShareOrdering ordering, boolean recordLimit) {
            config = new SharePartitionConfig(LOCK_MS, LIMIT,
                    recordLimit ? AcquireMode.RECORD_LIMIT : AcquireMode.BATCH_OPTIMIZED, ordering, 50);
            write(store.initialize(KEY, 0, 0, now));
            partition = SharePartition.create(config, 0);
        }

        void run(List<Op> ops) {
            for (Op op : ops) {
                step(op);
                checkInvariants();
            }
            drain();
        }

        private void step(Op op) {
            String member = MEMBERS[op.member()];
            switch (op.kind()) {
                case PRODUCE -> produce(op.amount(), op.keyChoice());
                case FETCH -> fetch(member, op.amount());
                case ACCEPT -> settle(member, op.amount(), AcknowledgeType.ACCEPT);
                case RELEASE -> settle(member, op.amount(), AcknowledgeType.RELEASE);
                case REJECT -> settle(member, 1, AcknowledgeType.REJECT);
                case RENEW -> settle(member, op.amount(), AcknowledgeType.RENEW);
                case TICK -> {
                    now += op.amount() * 300L;
                    durably(partition.expireLocks(now));
                }
                case LEAVE -> durably(partition.releaseMember(member));
                case RESTART -> restart();
            }
        }

        /** A producer batch of {@code count} records; keys skewed: half hot, some null, the rest over 5 keys. */
        private void produce(int count, int keyChoice) {
            long base = log.size();
            for (int i = 0; i < count; i++) {
                int choice = (keyChoice + i * 37) % 100;
                String key = choice < 50 ? "hot" : choice < 60 ? null : "k" + choice % 5;
                log.add(new ShareLogRecord(base + i, key == null ? null : ByteBuffer.wrap(key.getBytes()),
                        base + count - 1));
            }
        }

        private List<AcquiredRecords> fetch(String member, int max) {
            long from = partition.nextFetchOffset();
            List<ShareLogRecord> read = log.subList((int) Math.min(from, log.size()), log.size());
            List<AcquiredRecords> acquired = partition.acquire(member, from, read, max, now);
            for (AcquiredRecords run : acquired) {
                for (long offset = run.firstOffset(); offset <= run.lastOffset(); offset++) {
                    assertThat(partition.deliveryCount(offset)).isEqualTo(run.deliveryCount());
                    if (config.ordering() == ShareOrdering.KEY) {
                        checkEarlierRecordsOfKeyAreFinal(offset);
                    }
                }
            }
            if (config.acquireMode() == AcquireMode.RECORD_LIMIT) {
                assertThat(acquired.stream().mapToLong(r -> r.lastOffset() - r.firstOffset() + 1).sum())
                        .isLessThanOrEqualTo(max);
            }
            return acquired;
        }

        private void settle(String member, int count, AcknowledgeType type) {
            List<Acknowledgement> acks = new ArrayList<>();
            for (long offset = partition.startOffset(); offset < log.size() && acks.size() < count; offset++) {
                if (member.equals(partition.owner(offset))) {
                    acks.add(new Acknowledgement(offset, offset, type));
                }
            }
            Settlement settlement = partition.settle(member, acks, now);
            assertThat(settlement.error()).isEqualTo(Errors.NONE);
            if (type == AcknowledgeType.ACCEPT) {
                acks.forEach(ack -> accepted(ack.firstOffset()));
            }
            durably(settlement.change());
        }

        private void accepted(long offset) {
            accepted.merge(offset, 1, Integer::sum);
            ByteBuffer key = log.get((int) offset).key();
            if (config.ordering() == ShareOrdering.KEY && key != null) {
                Long previous = lastAcceptedOfKey.put(key, offset);
                assertThat(previous == null || previous < offset)
                        .as("key accepted out of order at %d after %d", offset, previous).isTrue();
            }
        }

        private void durably(ShareStateChange change) {
            if (!change.isEmpty()) {
                write(store.write(KEY, change, now));
                partition.apply(change);
            }
        }

        private void write(List<CoordinatorRecord> records) {
            for (CoordinatorRecord record : records) {
                written.add(record);
                store.replay(record);
            }
        }

        private void restart() {
            ShareSnapshot durable = replayed().read(KEY).orElseThrow();
            partition = SharePartition.load(config, durable.startOffset(), durable.batches());
        }

        private ShareStateStore replayed() {
            ShareStateStore fresh = new ShareStateStore(4);
            written.forEach(fresh::replay);
            return fresh;
        }

        private void checkInvariants() {
            ShareSnapshot durable = replayed().read(KEY).orElseThrow();
            assertThat(durable.startOffset()).isEqualTo(partition.startOffset());
            assertThat(durable.batches()).isEqualTo(partition.durableBatches());
            assertThat(store.read(KEY).orElseThrow().batches()).isEqualTo(durable.batches());
            Set<ByteBuffer> acquiredKeys = new HashSet<>();
            for (long offset = partition.startOffset(); offset < log.size(); offset++) {
                assertThat(partition.deliveryCount(offset)).isLessThanOrEqualTo((short) LIMIT);
                ByteBuffer key = log.get((int) offset).key();
                if (partition.state(offset) == DeliveryState.ACQUIRED && key != null
                        && config.ordering() == ShareOrdering.KEY) {
                    assertThat(acquiredKeys.add(key)).as("two records of one key acquired, at %d", offset).isTrue();
                }
            }
        }

        private void checkEarlierRecordsOfKeyAreFinal(long offset) {
            ByteBuffer key = log.get((int) offset).key();
            if (key == null) {
                return;
            }
            for (long earlier = partition.startOffset(); earlier < offset; earlier++) {
                if (key.equals(log.get((int) earlier).key())) {
                    assertThat(partition.state(earlier).isTerminal())
                            .as("offset %d acquired before earlier %d of its key is final", offset, earlier).isTrue();
                }
            }
        }

        /** Lets every lock expire, then one consumer accepts everything until the partition is done. */
        private void drain() {
            now += LOCK_MS;
            durably(partition.expireLocks(now));
            for (int round = 0; round < log.size() * (LIMIT + 1) + 1 && partition.startOffset() < log.size(); round++) {
                fetch("drainer", 10);
                settle("drainer", Integer.MAX_VALUE, AcknowledgeType.ACCEPT);
                checkInvariants();
            }
            assertThat(partition.startOffset()).isEqualTo(log.size());
            for (long offset = 0; offset < log.size(); offset++) {
                int times = accepted.getOrDefault(offset, 0);
                assertThat(times).as("offset %d accepted %d times", offset, times).isLessThanOrEqualTo(1);
            }
        }
    }
}
