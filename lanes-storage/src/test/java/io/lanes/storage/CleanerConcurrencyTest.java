package io.lanes.storage;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The cleaner next to appends, retention and its I/O limit. */
class CleanerConcurrencyTest extends LogTestSupport {

    private LogManager manager;

    private PartitionLog compacted(CleanerConfig cleaner, Map<String, String> extra) {
        manager = LogManager.open(List.of(dataDir()), Durability.PAGE_CACHE, LogConfig.defaults(), time, 300_000L, cleaner);
        Map<String, String> cfg = new HashMap<>(smallSegments(1000));
        cfg.put("cleanup.policy", "compact");
        cfg.put("min.cleanable.dirty.ratio", "0.01");
        // Kafka's default: the tests read while the cleaner replaces segments, as consumers do, and a read holds the
        // replaced segment's file until then (with 0 it may be closed under the read)
        cfg.put("file.delete.delay.ms", "60000");
        cfg.putAll(extra);
        return manager.getOrCreate(tp, topicId, config(cfg));
    }

    @Test
    void shouldAcceptAppendsWhileCleanerCopiesSegments() throws Exception {
        // given: a clean held in the middle of its copy
        PartitionLog log = compacted(CleanerConfig.defaults().withEnabled(false), Map.of());
        for (int i = 0; i < 100; i++) {
            log.append(Keyed.plain(time.milliseconds(), "k" + (i % 5), "old" + i));
        }
        log.roll();
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        log.swapProbe = step -> {
            if (step.startsWith("copied")) {
                copying.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<Integer> clean = CompletableFuture.supplyAsync(() -> manager.cleaner().cleanNow(1));
        assertThat(copying.await(30, TimeUnit.SECONDS)).isTrue();

        // when: appends, reads and a roll happen while the copy is held
        for (int i = 0; i < 20; i++) {
            log.append(Keyed.plain(time.milliseconds(), "k" + (i % 5), "new" + i));
        }
        List<Keyed.Entry> duringClean = Keyed.readAll(log);
        release.countDown();
        clean.get(30, TimeUnit.SECONDS);

        // then
        assertThat(duringClean).hasSize(120);
        List<Keyed.Entry> after = Keyed.readAll(log);
        assertThat(after.subList(after.size() - 20, after.size())).allMatch(e -> e.value().startsWith("new"));
        assertThat(after).filteredOn(e -> e.value().startsWith("old")).map(Keyed.Entry::offset)
                .containsExactly(95L, 96L, 97L, 98L, 99L);
    }

    @Test
    void shouldCleanCompactDeleteTopicsAndApplyRetention() {
        // given: the test clock at the wall clock, since a segment left with only an emptied batch (no timestamp)
        // is aged by its file's modification time, as in Kafka
        time.sleep(System.currentTimeMillis() - time.milliseconds());
        PartitionLog log = compacted(CleanerConfig.defaults().withEnabled(false),
                Map.of("cleanup.policy", "compact,delete", "retention.ms", "60000"));
        for (int i = 0; i < 60; i++) {
            log.append(Keyed.plain(time.milliseconds(), "k" + (i % 3), "v" + i));
        }
        log.roll();

        // when
        manager.cleaner().cleanNow(5);
        List<Keyed.Entry> cleaned = Keyed.readAll(log);
        time.sleep(65_000); // beyond retention.ms, also for files written a moment after the clock was aligned
        manager.enforceRetention();

        // then
        assertThat(cleaned).map(Keyed.Entry::toString).containsExactly("57:k0=v57", "58:k1=v58", "59:k2=v59");
        assertThat(Keyed.readAll(log)).isEmpty();
        assertThat(log.logStartOffset()).isEqualTo(60);
    }

    @Test
    void shouldHoldToIoLimitWhenCleaning() {
        // given: about 300 KB to read and little to write, at 200 KB/s
        CleanerConfig limited = new CleanerConfig(false, 1, 1024 * 1024, 0.9, 64 * 1024, 200_000, 15_000);
        PartitionLog log = compacted(limited, Map.of("internal.segment.bytes", "100000"));
        String big = "x".repeat(1000);
        for (int i = 0; i < 300; i++) {
            log.append(Keyed.plain(time.milliseconds(), "k" + (i % 2), big + i));
        }
        log.roll();

        // when
        long started = System.nanoTime();
        manager.cleaner().cleanNow(1);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        // then: reading the dirty bytes to map them and again to copy them is about 600 KB
        assertThat(tookMs).isGreaterThanOrEqualTo(2000);
        assertThat(Keyed.readAll(log)).hasSize(2);
    }

    @Test
    void shouldCleanInBackgroundWithNewSettingsWhenReconfigured() throws Exception {
        // given: background cleaning that would only look again after an hour
        CleanerConfig slow = new CleanerConfig(true, 1, 2 * 1024 * 1024, 0.9, 64 * 1024, Double.MAX_VALUE, 3_600_000);
        PartitionLog log = compacted(slow, Map.of());
        Thread.sleep(200); // the thread's first look finds nothing and sleeps
        for (int i = 0; i < 50; i++) {
            log.append(Keyed.plain(time.milliseconds(), "k" + (i % 2), "v" + i));
        }
        log.roll();

        // when
        CleanerConfig fast = new CleanerConfig(true, 2, 2 * 1024 * 1024, 0.9, 64 * 1024, Double.MAX_VALUE, 50);
        manager.reconfigureCleaner(fast);
        long deadline = System.currentTimeMillis() + 20_000;
        while (Keyed.readAll(log).size() > 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }

        // then
        assertThat(manager.cleaner().config()).isEqualTo(fast);
        assertThat(Keyed.readAll(log)).map(Keyed.Entry::toString).containsExactly("48:k0=v48", "49:k1=v49");
    }
}
