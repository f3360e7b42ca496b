package io.lanes.storage;

import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentAccessTest extends LogTestSupport {

    @ParameterizedTest
    @EnumSource(Durability.class)
    void shouldOnlyReturnCompleteVisibleBatchesWhenReadingWhileAppendingAndRolling(Durability durability) throws Exception {
        // given
        Map<String, String> overrides = new java.util.HashMap<>(smallSegments(2048));
        overrides.put("segment.index.bytes", "256");
        PartitionLog log = openLog(durability, overrides);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> readers = new java.util.ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(new Thread(() -> {
                try {
                    while (writing.get()) {
                        checkRandomRead(log);
                        // Leave CPU to the writer on small machines; races still happen at every read.
                        java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        readers.forEach(Thread::start);

        // when
        for (int i = 0; i < 200; i++) {
            AppendResult result = log.append(Batches.plain(time.milliseconds(), "a" + i, "b" + i, "c" + i));
            if (i % 50 == 0) {
                log.awaitDurable(result.lastOffset() + 1).get(10, TimeUnit.SECONDS);
            }
        }
        log.awaitDurable(log.logEndOffset()).get(10, TimeUnit.SECONDS);
        writing.set(false);
        for (Thread t : readers) {
            t.join(10_000);
        }

        // then
        assertThat(errors).isEmpty();
        assertThat(log.segmentCount()).isGreaterThan(5);
        assertThat(readAll(log)).hasSize(600);
    }

    private static void checkRandomRead(PartitionLog log) {
        long hw = log.highWatermark();
        long start = log.logStartOffset();
        if (hw == start) {
            return;
        }
        long offset = ThreadLocalRandom.current().nextLong(start, hw);
        ReadResult r = log.read(offset, ThreadLocalRandom.current().nextInt(1, 4096), hw, true);
        long expected = -1;
        for (RecordBatch batch : r.records().batches()) {
            batch.ensureValid();
            assertThat(batch.lastOffset()).isLessThan(hw);
            if (expected >= 0) {
                assertThat(batch.baseOffset()).isEqualTo(expected);
            } else {
                assertThat(batch.baseOffset()).isLessThanOrEqualTo(offset);
                assertThat(batch.lastOffset()).isGreaterThanOrEqualTo(offset);
            }
            expected = batch.lastOffset() + 1;
        }
        assertThat(expected).as("at least one batch at %d below %d", offset, hw).isPositive();
    }
}
