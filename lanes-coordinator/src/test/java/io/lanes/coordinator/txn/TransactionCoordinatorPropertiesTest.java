package io.lanes.coordinator.txn;

import io.lanes.coordinator.group.ManualScheduler;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transaction coordinator against the rule that its state is the replay of its log: several threads race
 * InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, transaction timeouts, id expiration and the clock
 * over a few transactional ids (so producers fence each other), while appends, durable waits and marker writes
 * fail now and then. Afterwards the live state of every transactional id must equal, field by field, the state a
 * fresh coordinator rebuilds by replaying the written log; no lock may have been held across I/O; every request
 * must have been answered; and once faults stop, every decided transaction must complete.
 *
 * <p>On the coordinator as it was before it followed Kafka's coordinator model, this found: appends to
 * {@code __transaction_state}, producer id allocation and (with durability acknowledged at once, as in
 * {@code page-cache} mode) marker writes done while holding the coordinator lock; and a decided transaction left
 * in PrepareCommit/PrepareAbort for good when its durable wait or its Complete append failed. Its live state did
 * equal the replayed log, since each write was appended and applied under that one lock.
 */
class TransactionCoordinatorPropertiesTest {
    private static final List<String> IDS = List.of("tx-a", "tx-b", "tx-c");
    private static final int[] TIMEOUTS_MS = {2_000, 60_000};
    private static final TransactionConfig CONFIG = new TransactionConfig(3, 900_000, 1_000L, 30_000L, 5_000L);

    enum Kind { INIT, INIT_RECOVER, ADD_PARTITIONS, ADD_OFFSETS, COMMIT, ABORT, ADVANCE, TIMEOUTS, EXPIRE }

    /**
     * One step of one client thread; {@code stale} uses an epoch below the one the thread knows; {@code v2} speaks
     * transaction version 2 (partitions added as by a verified Produce / TxnOffsetCommit, EndTxn v5 bumping the
     * epoch), so clients of both versions share the transactional ids.
     */
    record Op(Kind kind, int id, int partitions, boolean stale, int timeout, long advanceMs, boolean v2) {
    }

    @Provide
    Arbitrary<List<List<Op>>> threads() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.INIT)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.INIT_RECOVER)),
                        net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.ADD_PARTITIONS)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.ADD_OFFSETS)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.COMMIT)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.ABORT)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.ADVANCE)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.TIMEOUTS)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.EXPIRE))),
                Arbitraries.integers().between(0, IDS.size() - 1),
                Arbitraries.integers().between(1, 7),
                Arbitraries.of(false, false, false, true),
                Arbitraries.integers().between(0, TIMEOUTS_MS.length - 1),
                Arbitraries.of(100L, 1_000L, 2_500L, 40_000L),
                Arbitraries.of(true, true, false))
                .as(Op::new);
        return op.list().ofMinSize(5).ofMaxSize(40).list().ofMinSize(2).ofMaxSize(4);
    }

    @Property(tries = 150, seed = "20261207", shrinking = ShrinkingMode.OFF)
    void shouldKeepLiveStateEqualToReplayedLogWhenClientsRaceUnderFaults(@ForAll("threads") List<List<Op>> script,
                                                                        @ForAll long faultSeed) throws Exception {
        try (TxnFaults faults = new TxnFaults(faultSeed)) {
            // given
            ManualScheduler scheduler = new ManualScheduler(1_700_000_000_000L);
            FaultyTxnLog log = new FaultyTxnLog(faults);
            FaultyMarkers markers = new FaultyMarkers(faults);
            AtomicLong nextProducerId = new AtomicLong(1000);
            TransactionCoordinator coordinator = new TransactionCoordinator(CONFIG, log, scheduler, () -> {
                // the broker's producer id block is a file written and synced when a block runs out
                faults.io("allocate a producer id");
                return nextProducerId.getAndIncrement();
            }, markers, () -> 2);
            faults.watch(coordinator);
            coordinator.finishLoading();
            List<String> unanswered = new CopyOnWriteArrayList<>();

            // when
            List<Thread> clients = new ArrayList<>();
            for (List<Op> ops : script) {
                clients.add(new Thread(() -> new Client(coordinator, scheduler, unanswered).run(ops)));
            }
            clients.forEach(Thread::start);
            for (Thread client : clients) {
                client.join();
            }
            faults.awaitIdle();

            // then
            assertThat(unanswered).as("requests never answered").isEmpty();
            assertThat(live(coordinator)).as("live state vs the replay of the log, under faults")
                    .isEqualTo(replayed(log));

            // when: the faults stop and time passes, so retries and timeouts run
            faults.disable();
            for (int i = 0; i < 5; i++) {
                scheduler.advance(CONFIG.abortTimedOutIntervalMs() + 1_000);
                faults.awaitIdle();
            }

            // then
            assertThat(live(coordinator).values()).as("transactions still being decided once faults stopped")
                    .noneMatch(t -> t.state().isPrepare());
            assertThat(live(coordinator)).as("live state vs the replay of the log, after recovery")
                    .isEqualTo(replayed(log));
            assertThat(faults.ioUnderLock()).as("I/O done while holding the coordinator lock").isEmpty();
            coordinator.close();
        }
    }

    /** The fields the log must carry, for comparison. */
    record Snapshot(long producerId, short producerEpoch, short lastProducerEpoch, int timeoutMs,
                    TransactionState state, Set<TopicPartition> partitions, long startTimestampMs,
                    long lastUpdateTimestampMs, long prevProducerId, long nextProducerId,
                    short clientTransactionVersion) {
        static Snapshot of(TransactionMetadata t) {
            return new Snapshot(t.producerId(), t.producerEpoch(), t.lastProducerEpoch(), t.timeoutMs(), t.state(),
                    Set.copyOf(t.partitions()), t.startTimestampMs(), t.lastUpdateTimestampMs(), t.prevProducerId(),
                    t.nextProducerId(), t.clientTransactionVersion());
        }
    }

    private static Map<String, Snapshot> live(TransactionCoordinator coordinator) {
        return coordinator.list(Set.of(), Set.of(), -1).stream()
                .collect(Collectors.toMap(TransactionMetadata::transactionalId, Snapshot::of, (a, b) -> a, TreeMap::new));
    }

    private static Map<String, Snapshot> replayed(FaultyTxnLog log) {
        TransactionCoordinator fresh = new TransactionCoordinator(CONFIG, log, new ManualScheduler(1_700_000_000_000L), () -> {
            throw new AssertionError("replay allocates no producer id");
        }, (pid, epoch, commit, partitions) -> CompletableFuture.failedFuture(new AssertionError("replay writes no markers")));
        log.replayInto(fresh);
        return live(fresh);
    }

    /** One client thread: remembers the producer id and epoch it was given per transactional id. */
    private static final class Client {
        private record Producer(long producerId, short epoch) {
        }

        private final TransactionCoordinator coordinator;
        private final ManualScheduler scheduler;
        private final List<String> unanswered;
        private final Map<String, Producer> known = new HashMap<>();

        Client(TransactionCoordinator coordinator, ManualScheduler scheduler, List<String> unanswered) {
            this.coordinator = coordinator;
            this.scheduler = scheduler;
            this.unanswered = unanswered;
        }

        void run(List<Op> ops) {
            for (Op op : ops) {
                String id = IDS.get(op.id());
                Producer producer = known.getOrDefault(id, new Producer(4242, (short) 0));
                short epoch = (short) (op.stale() ? Math.max(0, producer.epoch() - 1) : producer.epoch());
                switch (op.kind()) {
                    case INIT, INIT_RECOVER -> {
                        boolean recover = op.kind() == Kind.INIT_RECOVER && known.containsKey(id);
                        TransactionCoordinator.InitResult result = await(op, coordinator.initProducerId(id,
                                TIMEOUTS_MS[op.timeout()], recover ? producer.producerId() : RecordBatch.NO_PRODUCER_ID,
                                recover ? producer.epoch() : RecordBatch.NO_PRODUCER_EPOCH));
                        if (result != null && result.error() == Errors.NONE) {
                            known.put(id, new Producer(result.producerId(), result.producerEpoch()));
                        }
                    }
                    case ADD_PARTITIONS -> await(op, coordinator.addPartitions(id, producer.producerId(), epoch,
                            partitions(op.partitions()), version(op)));
                    case ADD_OFFSETS -> await(op, coordinator.addPartitions(id, producer.producerId(), epoch,
                            Set.of(new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, op.partitions() % 3)),
                            version(op)));
                    case COMMIT, ABORT -> {
                        TransactionCoordinator.EndResult result = await(op, coordinator.endTransaction(id,
                                producer.producerId(), epoch, op.kind() == Kind.COMMIT, version(op)));
                        if (op.v2() && result != null && result.error() == Errors.NONE) {
                            known.put(id, new Producer(result.producerId(), result.producerEpoch()));
                        }
                    }
                    case ADVANCE -> scheduler.advance(op.advanceMs());
                    case TIMEOUTS -> coordinator.abortTimedOutTransactions();
                    case EXPIRE -> coordinator.expireTransactionalIds();
                }
            }
        }

        private static short version(Op op) {
            return op.v2() ? TransactionCoordinator.CLIENT_VERSION_2 : TransactionCoordinator.CLIENT_VERSION_1;
        }

        private <T> T await(Op op, CompletableFuture<T> answer) {
            try {
                return answer.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                unanswered.add(op.toString());
                return null;
            } catch (Exception e) {
                unanswered.add(op + " failed: " + e);
                return null;
            }
        }

        private static Set<TopicPartition> partitions(int mask) {
            Set<TopicPartition> partitions = new LinkedHashSet<>();
            for (int p = 0; p < 3; p++) {
                if ((mask & (1 << p)) != 0) {
                    partitions.add(new TopicPartition(p == 2 ? "audit" : "payments", p));
                }
            }
            return partitions;
        }
    }
}
