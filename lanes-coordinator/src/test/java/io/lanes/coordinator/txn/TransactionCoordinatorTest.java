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
