package io.lanes.coordinator.txn;

import io.lanes.coordinator.group.ManualScheduler;
import io.lanes.coordinator.runtime.CoordinatorLog;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import io.lanes.coordinator.runtime.Scheduler;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The transaction coordinator's state machine, over an in-memory log and marker writer. */
class TransactionCoordinatorTest {
    private static final String TXN = "billing-0";
    private static final TopicPartition P0 = new TopicPartition("payments", 0);
    private static final TopicPartition P1 = new TopicPartition("payments", 1);

    private final RecordingLog log = new RecordingLog();
    private final RecordingMarkers markers = new RecordingMarkers();
    private final ManualClock clock = new ManualClock();
    private final AtomicLong producerIds = new AtomicLong(1000);
    private TransactionCoordinator coordinator = newCoordinator(markers);

    @Test
    void shouldGiveNewIdEpochZeroThenBumpEpochOnEachInit() {
        // when
        TransactionCoordinator.InitResult first = init(-1, (short) -1);
        TransactionCoordinator.InitResult second = init(-1, (short) -1);

        // then
        assertThat(first).isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 0));
        assertThat(second).isEqualTo(new TransactionCoordinator.InitResult(Errors.NONE, 1000, (short) 1));
    }

    @Test
    void shouldRecognizeRetriedEpochBumpAndFenceUnknownProducer() {
        // given
        init(-1, (short) -1);

        // when: the producer recovers (KIP-360), then retries that call because the answer was lost
        TransactionCoordinator.InitResult bumped = init(1000, (short) 0);
        TransactionCoordinator.InitResult retried = init(1000, (short) 0);
        TransactionCoordinator.InitResult stranger = init(4242, (short) 0);

        // then
        assertThat(bumped.producerEpoch()).isEqualTo((short) 1);
        assertThat(retried).isEqualTo(bumped);
        assertThat(stranger.error()).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void shouldRefuseTimeoutAboveMaximum() {
        assertThat(coordinator.initProducerId(TXN, 900_001, -1, (short) -1).join().error())
                .isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT);
    }

    @Test
    void shouldWriteCommitMarkersToEveryPartitionAndAnswerRetriesByState() {
        // given
        init(-1, (short) -1);
        assertThat(add(0, P0, P1)).isEqualTo(Errors.NONE);

        // when
        Errors committed = coordinator.endTransaction(TXN, 1000, (short) 0, true).join();

        // then
        assertThat(committed).isEqualTo(Errors.NONE);
        assertThat(markers.written).containsExactly(new Marker(1000, (short) 0, true, Set.of(P0, P1)));
        assertThat(state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(coordinator.endTransaction(TXN, 1000, (short) 0, true).join()).isEqualTo(Errors.NONE);
        assertThat(coordinator.endTransaction(TXN, 1000, (short) 0, false).join()).isEqualTo(Errors.INVALID_TXN_STATE);
    }

    @Test
    void shouldAbortOpenTransactionWithNewEpochWhenAnotherInstanceInitializes() {
        // given
        init(-1, (short) -1);
        add(0, P0);

        // when
        TransactionCoordinator.InitResult whileOpen = init(-1, (short) -1);
        TransactionCoordinator.InitResult retried = init(-1, (short) -1);

        // then: the open transaction was aborted under epoch 1, the new instance gets epoch 2
        assertThat(whileOpen.error()).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(markers.written).containsExactly(new Marker(1000, (short) 1, false, Set.of(P0)));
        assertThat(retried.producerEpoch()).isEqualTo((short) 2);
        assertThat(add(0, P1)).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void shouldAbortTransactionPastItsTimeout() {
        // given
        init(-1, (short) -1);
        add(0, P0);

        // when
        clock.now += 60_001;
        coordinator.abortTimedOutTransactions();

        // then
        assertThat(markers.written).containsExactly(new Marker(1000, (short) 1, false, Set.of(P0)));
        assertThat(state()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(coordinator.endTransaction(TXN, 1000, (short) 0, true).join()).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void shouldVerifyOnlyPartitionsOfTheOpenTransaction() {
        // given
        init(-1, (short) -1);
        add(0, P0);

        // then
        assertThat(coordinator.verify(TXN, 1000, (short) 0, P0)).isEqualTo(Errors.NONE);
        assertThat(coordinator.verify(TXN, 1000, (short) 0, P1)).isEqualTo(Errors.TRANSACTION_ABORTABLE);
        assertThat(coordinator.verify(TXN, 1000, (short) 7, P0)).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(coordinator.verify("other", 1000, (short) 0, P0)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
    }

    @Test
    void shouldCompleteDecidedTransactionAfterRestart() {
        // given: the commit is decided, but the broker stops before the markers are written
        TransactionCoordinator first = newCoordinator((pid, epoch, commit, partitions) -> new CompletableFuture<>());
        coordinator = first;
        init(-1, (short) -1);
        add(0, P0, P1);
        CompletableFuture<Errors> pending = first.endTransaction(TXN, 1000, (short) 0, true);
        assertThat(pending).isNotDone();

        // when: a new coordinator replays the log
        coordinator = newCoordinator(markers);
        log.records.forEach(r -> coordinator.replay(r.key(), r.value()));
        coordinator.finishLoading();

        // then
        assertThat(markers.written).containsExactly(new Marker(1000, (short) 0, true, Set.of(P0, P1)));
        assertThat(state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void shouldChangeNothingWhenAppendFails() {
        // given
        init(-1, (short) -1);
        add(0, P0);
        TransactionMetadata before = coordinator.describe(TXN).orElseThrow();
        int written = log.records.size();

        // when
        log.failNextAppends = 1;
        Errors answer = coordinator.endTransaction(TXN, 1000, (short) 0, true).join();

        // then: no record, no markers, the same state; the transaction can still be ended
        assertThat(answer).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(log.records).hasSize(written);
        assertThat(markers.written).isEmpty();
        assertThat(coordinator.describe(TXN)).containsSame(before);
        assertThat(coordinator.endTransaction(TXN, 1000, (short) 0, true).join()).isEqualTo(Errors.NONE);
        assertThat(state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void shouldCompleteDecidedTransactionWhenCompleteRecordFailsOnce() {
        // given: a coordinator whose retries run when its clock advances
        ManualScheduler scheduler = new ManualScheduler(1_700_000_000_000L);
        coordinator = new TransactionCoordinator(TransactionConfig.defaults(), log, scheduler,
                producerIds::getAndIncrement, (pid, epoch, commit, partitions) -> {
                    // the markers are written; the append of the Complete record that follows fails
                    log.failNextAppends = 1;
                    return markers.writeMarkers(pid, epoch, commit, partitions);
                });
        init(-1, (short) -1);
        add(0, P0);

        // when
        Errors answer = coordinator.endTransaction(TXN, 1000, (short) 0, true).join();
        TransactionState decided = state();
        scheduler.advance(1_000);

        // then: answered (the decision is durable), still deciding, then completed by the retry
        assertThat(answer).isEqualTo(Errors.NONE);
        assertThat(decided).isEqualTo(TransactionState.PREPARE_COMMIT);
        assertThat(state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void shouldBumpEpochWriteMarkersWithItAndAnswerRetriesWhenVersionTwoClientEnds() {
        // given: a version-2 client whose first write added the partition implicitly
        init(-1, (short) -1);
        assertThat(coordinator.addPartitions(TXN, 1000, (short) 0, Set.of(P0), v2()).join()).isEqualTo(Errors.NONE);

        // when
        TransactionCoordinator.EndResult committed = endV2(1000, (short) 0, true);
        TransactionCoordinator.EndResult retried = endV2(1000, (short) 0, true);
        TransactionCoordinator.EndResult contradicting = endV2(1000, (short) 0, false);
        TransactionCoordinator.EndResult nextWithoutWrites = endV2(1000, (short) 1, true);

        // then: the markers carry the new epoch, which the answer hands to the client
        assertThat(committed).isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, 1000, (short) 1));
        assertThat(markers.written).containsExactly(new Marker(1000, (short) 1, true, Set.of(P0)));
        assertThat(retried).isEqualTo(committed);
        assertThat(contradicting.error()).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(nextWithoutWrites.error()).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(coordinator.verify(TXN, 1000, (short) 0, P0)).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(coordinator.describe(TXN).orElseThrow().clientTransactionVersion()).isEqualTo(v2());
    }

    @Test
    void shouldAbortEmptyTransactionWithNewEpochWhenVersionTwoClientAbortsBeforeAnyWrite() {
        // given: a fresh producer (Empty), and one whose last transaction committed
        init(-1, (short) -1);

        // when
        TransactionCoordinator.EndResult abortedEmpty = endV2(1000, (short) 0, false);
        TransactionCoordinator.EndResult abortedAgain = endV2(1000, (short) 1, false);
        TransactionCoordinator.EndResult retried = endV2(1000, (short) 1, false);
        TransactionCoordinator.EndResult commitOfNothing = endV2(1000, (short) 2, true);

        // then: each abort bumps the epoch, with no partition to mark; a retry gets the same answer
        assertThat(abortedEmpty).isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, 1000, (short) 1));
        assertThat(abortedAgain).isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, 1000, (short) 2));
        assertThat(retried).isEqualTo(abortedAgain);
        assertThat(commitOfNothing.error()).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(markers.written).allSatisfy(marker -> assertThat(marker.partitions()).isEmpty());
        assertThat(state()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void shouldMoveToNewProducerIdWhenVersionTwoEpochsAreExhausted() {
        // given: a transaction at the last epoch a client may use
        short last = Short.MAX_VALUE - 1;
        producerIds.set(1001);
        coordinator.replay(TransactionRecords.record(new TransactionMetadata(TXN, 1000, last, (short) -1, 60_000,
                TransactionState.ONGOING, Set.of(P0), 5L, 5L, 1000, -1, v2())).key(),
                TransactionRecords.record(new TransactionMetadata(TXN, 1000, last, (short) -1, 60_000,
                        TransactionState.ONGOING, Set.of(P0), 5L, 5L, 1000, -1, v2())).value());

        // when
        TransactionCoordinator.EndResult committed = endV2(1000, last, true);
        TransactionCoordinator.EndResult retried = endV2(1000, last, true);
        TransactionMetadata replayed = replayedState();

        // then: the markers fence with the last epoch; the client continues with the next producer id at epoch 0
        assertThat(markers.written).containsExactly(new Marker(1000, Short.MAX_VALUE, true, Set.of(P0)));
        assertThat(committed).isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, 1001, (short) 0));
        assertThat(retried).isEqualTo(committed);
        assertThat(replayed.producerId()).isEqualTo(1001);
        assertThat(replayed.prevProducerId()).isEqualTo(1000);
        assertThat(replayed.nextProducerId()).isEqualTo(-1);
    }

    @Test
    void shouldAnswerInvalidTxnStateToCommitOfTimedOutVersionTwoTransaction() {
        // given
        coordinator = new TransactionCoordinator(new TransactionConfig(3, 900_000, 1_000L, 604_800_000L, 3_600_000L),
                log, clock, producerIds::getAndIncrement, markers, () -> 2);
        init(-1, (short) -1);
        coordinator.addPartitions(TXN, 1000, (short) 0, Set.of(P0), v2()).join();

        // when
        clock.now += 60_001;
        coordinator.abortTimedOutTransactions();
        TransactionCoordinator.EndResult commit = endV2(1000, (short) 0, true);
        TransactionCoordinator.EndResult abort = endV2(1000, (short) 0, false);

        // then: one epoch bump, so the late EndTxn reads as a retry of an outcome it contradicts (as Kafka)
        assertThat(markers.written).containsExactly(new Marker(1000, (short) 1, false, Set.of(P0)));
        assertThat(commit.error()).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(abort).isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, 1000, (short) 1));
    }

    @Test
    void shouldWriteKafkasVersionTwoFieldsAndReadThemBack() {
        // given
        init(-1, (short) -1);
        coordinator.addPartitions(TXN, 1000, (short) 0, Set.of(P0, P1), v2()).join();
        endV2(1000, (short) 0, false);

        // when
        TransactionMetadata live = coordinator.describe(TXN).orElseThrow();
        TransactionMetadata replayed = replayedState();

        // then
        assertThat(replayed).usingRecursiveComparison().isEqualTo(live);
        assertThat(live.clientTransactionVersion()).isEqualTo(v2());
        assertThat(live.prevProducerId()).isEqualTo(1000);
        assertThat(live.state()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    private static short v2() {
        return TransactionCoordinator.CLIENT_VERSION_2;
    }

    private TransactionCoordinator.EndResult endV2(long producerId, short epoch, boolean commit) {
        return coordinator.endTransaction(TXN, producerId, epoch, commit, v2()).join();
    }

    /** The state of {@link #TXN} a fresh coordinator rebuilds from the log. */
    private TransactionMetadata replayedState() {
        TransactionCoordinator fresh = newCoordinator(markers);
        log.records.forEach(r -> fresh.replay(r.key(), r.value()));
        return fresh.describe(TXN).orElseThrow();
    }

    private TransactionCoordinator newCoordinator(TxnMarkerWriter writer) {
        return new TransactionCoordinator(TransactionConfig.defaults(), log, clock, producerIds::getAndIncrement, writer);
    }

    private TransactionCoordinator.InitResult init(long producerId, short epoch) {
        return coordinator.initProducerId(TXN, 60_000, producerId, epoch).join();
    }

    private Errors add(int epoch, TopicPartition... partitions) {
        return coordinator.addPartitions(TXN, 1000, (short) epoch, Set.of(partitions)).join();
    }

    private TransactionState state() {
        return coordinator.describe(TXN).orElseThrow().state();
    }

    private record Marker(long producerId, short epoch, boolean commit, Set<TopicPartition> partitions) {
    }

    private static final class RecordingMarkers implements TxnMarkerWriter {
        final List<Marker> written = new ArrayList<>();

        @Override
        public CompletableFuture<Void> writeMarkers(long producerId, short producerEpoch, boolean commit,
                                                    Set<TopicPartition> partitions) {
            written.add(new Marker(producerId, producerEpoch, commit, Set.copyOf(partitions)));
            return CompletableFuture.completedFuture(null);
        }
    }

    private static final class RecordingLog implements CoordinatorLog {
        final List<CoordinatorRecord> records = new ArrayList<>();
        int failNextAppends;

        @Override
        public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> appended) {
            if (failNextAppends > 0) {
                failNextAppends--;
                throw new org.apache.kafka.common.errors.KafkaStorageException("disk full");
            }
            records.addAll(appended);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> appendTransactional(int partition, long producerId, short producerEpoch,
                                                           List<CoordinatorRecord> appended) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> appendMarker(int partition, long producerId, short producerEpoch,
                                                    boolean commit, int coordinatorEpoch) {
            throw new UnsupportedOperationException();
        }
    }

    /** Time moves only when a test says so; timers are driven by calling the coordinator directly. */
    private static final class ManualClock implements Scheduler {
        long now = 1_700_000_000_000L;

        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public Task schedule(long delayMs, Runnable task) {
            return () -> { };
        }
    }
}
