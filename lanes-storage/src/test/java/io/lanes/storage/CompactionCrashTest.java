package io.lanes.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash at each step of a clean (simulated by copying the data dir at that step) leaves, after start-up, either
 * the log as it was before the clean or as it is after it, never a mix, and no cleaner files.
 */
class CompactionCrashTest extends LogTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"copied", "cleaned", "index-swap", "log-swap", "old-deleted", "index-renamed", "done"})
    void shouldRecoverOldOrNewSegmentsWhenCrashingDuringClean(String step) throws Exception {
        // given
        LogManager manager = LogManager.open(List.of(dataDir()), Durability.PAGE_CACHE, LogConfig.defaults(), time,
                300_000L, CleanerConfig.defaults().withEnabled(false));
        Map<String, String> cfg = new HashMap<>(smallSegments(400));
        cfg.put("cleanup.policy", "compact");
        cfg.put("min.cleanable.dirty.ratio", "0.01");
        // Segments are rolled by hand so that they all fit in one cleaned segment: one group, one swap.
        cfg.put("internal.segment.bytes", "100000");
        PartitionLog log = manager.getOrCreate(tp, topicId, config(cfg));
        for (int i = 0; i < 60; i++) {
            log.append(Keyed.plain(time.milliseconds(), "k" + (i % 4), "v" + i));
            if (i % 15 == 14) {
                log.roll();
            }
        }
        log.roll();
        log.flush();
        List<Keyed.Entry> before = Keyed.readAll(log);
        Path[] crash = {null};
        log.swapProbe = s -> {
            if (crash[0] == null && s.startsWith(step)) {
                try {
                    crash[0] = crashCopy(dataDir());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };

        // when
        manager.cleaner().cleanNow(1);
        List<Keyed.Entry> after = Keyed.readAll(log);
        LogManager recovered = LogManager.open(List.of(crash[0]), Durability.PAGE_CACHE, LogConfig.defaults(), time,
                300_000L, CleanerConfig.defaults().withEnabled(false));
        PartitionLog again = recovered.getOrCreate(tp, topicId, config(cfg));
        List<Keyed.Entry> read = Keyed.readAll(again);

        // then
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(after).hasSize(4);
        boolean committed = List.of("log-swap", "old-deleted", "index-renamed", "done").contains(step);
        assertThat(read).isEqualTo(committed ? after : before);
        try (Stream<Path> files = Files.list(partitionDir(crash[0], tp))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".cleaned") || n.endsWith(".swap") || n.endsWith(".deleted"));
        }
        again.append(Keyed.plain(time.milliseconds(), "k0", "new"));
        again.roll();
        recovered.cleaner().cleanNow(5);
        assertThat(Keyed.readAll(again)).map(Keyed.Entry::toString)
                .containsExactly("57:k1=v57", "58:k2=v58", "59:k3=v59", "60:k0=new");
        recovered.close();
    }

    @org.junit.jupiter.api.Test
    void shouldNotResurrectSupersededSegmentWhenCrashingAfterSwapOfFirstGroup() throws Exception {
        // given: segments A and B merge into one group; B's keys are all overwritten in C, a group of its own
        LogManager manager = LogManager.open(List.of(dataDir()), Durability.PAGE_CACHE, LogConfig.defaults(), time,
                300_000L, CleanerConfig.defaults().withEnabled(false));
        Map<String, String> cfg = new HashMap<>(smallSegments(1000));
        cfg.put("cleanup.policy", "compact");
        cfg.put("min.cleanable.dirty.ratio", "0.01");
        PartitionLog log = manager.getOrCreate(tp, topicId, config(cfg));
        for (int i = 0; i < 3; i++) {
            log.append(Keyed.plain(time.milliseconds(), "a" + i, "A" + i));
        }
        log.roll();
        for (int i = 0; i < 3; i++) {
            log.append(Keyed.plain(time.milliseconds(), "b" + i, "B" + i));
        }
        log.roll();
        for (int i = 0; i < 10; i++) {
            log.append(Keyed.plain(time.milliseconds(), "b" + (i % 3), "C" + i));
        }
        log.roll();
        Path[] crash = {null};
        log.swapProbe = s -> {
            if (crash[0] == null && s.equals("log-swap")) {
                try {
                    crash[0] = crashCopy(dataDir());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };

        // when: the crash comes right after the first group's swap committed
        manager.cleaner().cleanNow(1);
        LogManager recovered = LogManager.open(List.of(crash[0]), Durability.PAGE_CACHE, LogConfig.defaults(), time,
                300_000L, CleanerConfig.defaults().withEnabled(false));
        List<Keyed.Entry> read = Keyed.readAll(recovered.getOrCreate(tp, topicId, config(cfg)));
        recovered.close();

        // then: A as cleaned, B gone with it (not back from its old file), C as it was
        assertThat(read).map(Keyed.Entry::value).containsExactly("A0", "A1", "A2",
                "C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9");
    }
}
