package io.lanes.storage;

import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Last stable offset, the aborted-transaction index and their recovery. */
class TransactionStateTest extends LogTestSupport {

    private static final long PID_A = 4000L;
    private static final long PID_B = 4001L;
    private static final short EPOCH = 0;

    @Test
    void shouldHoldLastStableOffsetAtFirstOpenTransactionUntilItsMarker() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.plain(time.milliseconds(), "a", "b"));
        log.append(Batches.transactional(PID_A, EPOCH, 0, 3, time.milliseconds()));
        log.append(Batches.plain(time.milliseconds(), "c"));

        // then
        assertThat(log.highWatermark()).isEqualTo(6);
        assertThat(log.lastStableOffset()).isEqualTo(2);

        // when
        log.append(marker(PID_A, ControlRecordType.COMMIT), AppendOrigin.COORDINATOR);

        // then
        assertThat(log.lastStableOffset()).isEqualTo(7);
        assertThat(log.abortedTransactions(0, 7)).isEmpty();
    }

    @Test
    void shouldIndexAbortedTransactionAtItsMarker() throws Exception {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(Batches.transactional(PID_A, EPOCH, 0, 2, time.milliseconds()));   // 0-1
        log.append(Batches.transactional(PID_B, EPOCH, 0, 2, time.milliseconds()));   // 2-3

        // when
        log.append(marker(PID_A, ControlRecordType.ABORT), AppendOrigin.COORDINATOR); // 4

        // then: B still open at 2
        assertThat(log.lastStableOffset()).isEqualTo(2);
        assertThat(log.abortedTransactions(0, 5)).containsExactly(new AbortedTxn(PID_A, 0, 4, 2));
        assertThat(log.abortedTransactions(5, 10)).isEmpty();
        Path index = partitionDir(dataDir(), tp).resolve("00000000000000000000.txnindex");
        assertThat(Files.size(index)).isEqualTo(34);
    }

    @Test
    void shouldKeepOpenAndAbortedTransactionsAcrossCleanRestart() {
        // given
        LogManager manager = openManager(dataDir(), Durability.PAGE_CACHE);
        PartitionLog log = manager.getOrCreate(tp, topicId, config(Map.of()));
        writeAbortedAThenOpenB(log);
        manager.close();

        // when
        PartitionLog reopened = openManager(dataDir(), Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(reopened.lastStableOffset()).isEqualTo(3);
        assertThat(reopened.abortedTransactions(0, 10)).containsExactly(new AbortedTxn(PID_A, 0, 2, 3));
    }

    @Test
    void shouldRebuildTransactionIndexAndOpenTransactionsAfterCrash() throws Exception {
        // given: a crash copy with the transaction index lost
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        writeAbortedAThenOpenB(log);
        Path crashed = crashCopy(dataDir());
        Files.delete(partitionDir(crashed, tp).resolve("00000000000000000000.txnindex"));

        // when
        PartitionLog recovered = openManager(crashed, Durability.PAGE_CACHE).get(tp).orElseThrow();

        // then
        assertThat(recovered.lastStableOffset()).isEqualTo(3);
        assertThat(recovered.abortedTransactions(0, 10)).containsExactly(new AbortedTxn(PID_A, 0, 2, 3));

        // and the open transaction still completes
        recovered.append(marker(PID_B, ControlRecordType.COMMIT), AppendOrigin.COORDINATOR);
        assertThat(recovered.lastStableOffset()).isEqualTo(recovered.highWatermark());
    }

    @Test
    void shouldFindAbortedTransactionWhoseMarkerIsInLaterSegment() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, smallSegments(1024));
        log.append(Batches.transactional(PID_A, EPOCH, 0, 1, time.milliseconds()));
        for (int i = 0; i < 20; i++) {
            log.append(Batches.plain(time.milliseconds(), "filler-" + i + "-" + "x".repeat(100)));
        }
        log.append(marker(PID_A, ControlRecordType.ABORT), AppendOrigin.COORDINATOR);
        assertThat(log.segmentCount()).isGreaterThan(1);

        // when / then: a fetch from offset 0 learns of the abort recorded in the last segment
        assertThat(log.abortedTransactions(0, 1)).extracting(AbortedTxn::producerId).containsExactly(PID_A);
    }

    private void writeAbortedAThenOpenB(PartitionLog log) {
        log.append(Batches.transactional(PID_A, EPOCH, 0, 2, time.milliseconds()));   // 0-1
        log.append(marker(PID_A, ControlRecordType.ABORT), AppendOrigin.COORDINATOR); // 2
        log.append(Batches.transactional(PID_B, EPOCH, 0, 2, time.milliseconds()));   // 3-4
    }

    private MemoryRecords marker(long producerId, ControlRecordType type) {
        return MemoryRecords.withEndTransactionMarker(time.milliseconds(), producerId, EPOCH,
                new EndTransactionMarker(type, 0));
    }
}
