package io.lanes.storage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DurabilityTest extends LogTestSupport {

    @Test
    void shouldCompleteAwaitDurableAndAdvanceHighWatermarkWhenFsynced() throws Exception {
        // given
        LogManager manager = openManager(dataDir(), Durability.FSYNC);
        List<TopicPartition> advanced = new CopyOnWriteArrayList<>();
        manager.setHighWatermarkListener(advanced::add);
        PartitionLog log = manager.getOrCreate(tp, topicId, config(Map.of()));

        // when
        AppendResult result = log.append(Batches.plain(time.milliseconds(), "a", "b"));
        CompletableFuture<Void> durable = log.awaitDurable(result.lastOffset() + 1);
        durable.get(10, TimeUnit.SECONDS);

        // then
        assertThat(log.highWatermark()).isGreaterThanOrEqualTo(2);
        assertThat(log.recoveryPoint()).isGreaterThanOrEqualTo(2);
        assertThat(advanced).contains(tp);
        assertThat(log.read(0, 1000, log.highWatermark(), false).records().sizeInBytes()).isPositive();
    }

    @Test
    void shouldNotExposeUnsyncedDataWhenHighWatermarkLags() {
        // given
        LogManager manager = openManager(dataDir(), Durability.FSYNC);
        PartitionLog log = manager.getOrCreate(tp, topicId, config(Map.of()));

        // when
        log.append(Batches.plain(time.milliseconds(), "a"));
        long hw = log.highWatermark();

        // then: whatever the flusher has done so far, the high watermark never passes the fsynced offset
        assertThat(hw).isLessThanOrEqualTo(log.recoveryPoint());
        assertThat(log.read(0, 1000, hw, false).records().sizeInBytes() > 0).isEqualTo(hw > 0);
    }

    @Test
    void shouldShareFsyncsWhenManyProducersAppendConcurrently() throws Exception {
        // given
        LogManager manager = openManager(dataDir(), Durability.FSYNC);
        PartitionLog log = manager.getOrCreate(tp, topicId, config(Map.of()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Void>> acks = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(8);
        List<Throwable> errors = new CopyOnWriteArrayList<>();

        // when
        for (int t = 0; t < 8; t++) {
            int thread = t;
            pool.execute(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        AppendResult r = log.append(Batches.plain(time.milliseconds(), "t" + thread + "-" + i));
                        acks.add(log.awaitDurable(r.lastOffset() + 1));
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(errors).isEmpty();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        pool.shutdown();

        // then
        assertThat(log.logEndOffset()).isEqualTo(400);
        assertThat(log.highWatermark()).isEqualTo(400);
        assertThat(readAll(log)).hasSize(400);
    }

    @Test
    void shouldCompleteImmediatelyWhenPageCacheMode() {
        // given
        LogManager manager = openManager(dataDir(), Durability.PAGE_CACHE);
        List<TopicPartition> advanced = new CopyOnWriteArrayList<>();
        manager.setHighWatermarkListener(advanced::add);
        PartitionLog log = manager.getOrCreate(tp, topicId, config(Map.of()));

        // when
        AppendResult r = log.append(Batches.plain(time.milliseconds(), "a"));

        // then
        assertThat(log.awaitDurable(r.lastOffset() + 1)).isDone();
        assertThat(log.highWatermark()).isEqualTo(log.logEndOffset());
        assertThat(advanced).containsExactly(tp);
    }

    @Test
    void shouldFlushWhenFlushMessagesReached() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of("flush.messages", "3"));

        // when
        log.append(Batches.plain(time.milliseconds(), "a", "b"));
        long before = log.recoveryPoint();
        log.append(Batches.plain(time.milliseconds(), "c"));

        // then
        assertThat(before).isZero();
        assertThat(log.recoveryPoint()).isEqualTo(3);
    }

    @Test
    void shouldFlushWhenFlushMsElapsed() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of("flush.ms", "1000"));
        log.append(Batches.plain(time.milliseconds(), "a"));

        // when
        log.maybeFlushByTime(time.milliseconds() + 10);
        long early = log.recoveryPoint();
        time.advance(1000);
        log.maybeFlushByTime(time.milliseconds());

        // then
        assertThat(early).isZero();
        assertThat(log.recoveryPoint()).isEqualTo(1);
    }

    @Test
    void shouldFailWaitersWhenLogClosedBeforeFsync() {
        // given
        LogManager manager = openManager(dataDir(), Durability.FSYNC);
        PartitionLog log = manager.getOrCreate(tp, topicId, config(Map.of()));
        manager.delete(tp);

        // when
        CompletableFuture<Void> f = log.awaitDurable(10);

        // then
        assertThat(f).isCompletedExceptionally();
        assertThat(f.handle((v, e) -> e).join()).isInstanceOf(KafkaStorageException.class);
    }

    @Test
    void shouldKeepEveryAcknowledgedRecordWhenUnsyncedTailIsLostInCrash() throws Exception {
        // given: acknowledged appends, then appends nobody waited for
        LogManager manager = openManager(dataDir(), Durability.FSYNC);
        PartitionLog log = manager.getOrCreate(tp, topicId, config(Map.of()));
        long acknowledged = 0;
        for (int i = 0; i < 20; i++) {
            AppendResult r = log.append(Batches.plain(time.milliseconds(), "acked-" + i));
            log.awaitDurable(r.lastOffset() + 1).get(10, TimeUnit.SECONDS);
            acknowledged = r.lastOffset() + 1;
        }
        int durableBytes = log.read(0, Integer.MAX_VALUE, acknowledged, false).records().sizeInBytes();
        for (int i = 0; i < 20; i++) {
            log.append(Batches.plain(time.milliseconds(), "unsynced-" + i));
        }

        // when: the crash loses part of what was never fsynced
        java.nio.file.Path crashed = crashCopy(dataDir());
        java.nio.file.Path segment = partitionDir(crashed, tp).resolve("00000000000000000000.log");
        long size = java.nio.file.Files.size(segment);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(durableBytes + (size - durableBytes) / 3);
        }
        PartitionLog recovered = openManager(crashed, Durability.FSYNC).get(tp).orElseThrow();

        // then
        assertThat(recovered.logEndOffset()).isGreaterThanOrEqualTo(acknowledged).isLessThan(40);
        assertThat(recovered.highWatermark()).isEqualTo(recovered.logEndOffset());
        assertThat(readAll(recovered).subList(0, (int) acknowledged)).allMatch(v -> v.contains("acked-"));
    }
}
