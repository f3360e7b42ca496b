package io.lanes.storage;

import io.lanes.storage.internal.Fsync;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded properties of the cleaner: whatever keys, values, tombstones and committed or aborted transactions were
 * appended, after cleaning a full read is "the latest record of each key, tombstones only within
 * delete.retention.ms", in ascending offsets, with no aborted record; and a restart reads the same.
 */
class CompactionPropertiesTest {

    private static final TopicPartition TP = new TopicPartition("compacted", 0);
    private static final long DELETE_RETENTION_MS = 1000;

    @BeforeProperty
    void skipFsync() {
        Fsync.setEnabled(false);
    }

    @AfterProperty
    void restoreFsync() {
        Fsync.setEnabled(true);
    }

    /**
     * One step: a plain batch of puts/deletes, or a transaction (its batch, a plain batch in between, then its
     * marker), or a roll.
     */
    record Op(int kind, List<Integer> keys, List<Boolean> deletes, boolean commit) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 12).list().ofMinSize(1).ofMaxSize(5),
                Arbitraries.of(true, false, false, false).list().ofSize(5),
                Arbitraries.of(true, false)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 30, seed = "1414")
    void shouldReadLatestValuePerKeyWhenCleaned(@ForAll("ops") List<Op> ops,
                                                @ForAll @IntRange(min = 200, max = 3000) int segmentBytes,
                                                @ForAll("loadFactors") double loadFactor) throws Exception {
        Path dir = Files.createTempDirectory("lanes-compaction-prop");
        ManualTime time = new ManualTime(1_700_000_000_000L);
        try {
            // given
            LogManager manager = open(dir, time, loadFactor);
            PartitionLog log = manager.getOrCreate(TP, Uuid.randomUuid(), LogConfig.from(Map.of(), Map.of(
                    "cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.01",
                    "delete.retention.ms", Long.toString(DELETE_RETENTION_MS),
                    "internal.segment.bytes", Integer.toString(segmentBytes),
                    "index.interval.bytes", "100", "file.delete.delay.ms", "0")));
            Map<String, Keyed.Entry> latest = apply(log, ops, time);
            log.roll();

            // when
            manager.cleaner().cleanNow(200);
            List<Keyed.Entry> cleaned = Keyed.readAll(log);
            time.sleep(DELETE_RETENTION_MS + 1);
            manager.cleaner().cleanNow(200);
            List<Keyed.Entry> pastHorizon = Keyed.readAll(log);
            manager.close();
            LogManager reopened = open(dir, time, loadFactor);
            List<Keyed.Entry> afterRestart = Keyed.readAll(reopened.get(TP).orElseThrow());
            reopened.close();

            // then
            assertThat(cleaned).containsExactlyElementsOf(sorted(latest, true));
            assertThat(pastHorizon).containsExactlyElementsOf(sorted(latest, false));
            assertThat(afterRestart).isEqualTo(pastHorizon);
        } finally {
            Utils.delete(dir.toFile());
        }
    }

    /** With the smallest dedupe buffer (1 MiB), 0.0003 lets a map hold 13 keys: cleaning then takes many passes. */
    @Provide
    Arbitrary<Double> loadFactors() {
        return Arbitraries.of(0.0003, 0.001, 0.9);
    }

    private static LogManager open(Path dir, ManualTime time, double loadFactor) {
        CleanerConfig cleaner = new CleanerConfig(false, 1, 1024L * 1024, loadFactor, 4096, Double.MAX_VALUE, 15_000);
        return LogManager.open(List.of(dir), Durability.PAGE_CACHE, LogConfig.defaults(), time, 300_000L, cleaner);
    }

    /** Appends the ops and returns the model: the latest visible record of each key. */
    private static Map<String, Keyed.Entry> apply(PartitionLog log, List<Op> ops, ManualTime time) {
        Map<String, Keyed.Entry> latest = new LinkedHashMap<>();
        long producerId = 100;
        int n = 0;
        for (Op op : ops) {
            if (op.kind() == 0) {
                log.roll();
                continue;
            }
            String[] kv = new String[op.keys().size() * 2];
            for (int i = 0; i < op.keys().size(); i++) {
                kv[2 * i] = "k" + op.keys().get(i);
                kv[2 * i + 1] = op.deletes().get(i) ? null : "v" + n++;
            }
            if (op.kind() <= 6) {
                AppendResult r = log.append(Keyed.plain(time.milliseconds(), kv));
                record(latest, r.baseOffset(), kv);
            } else {
                long pid = producerId++;
                AppendResult r = log.append(Keyed.transactional(pid, (short) 0, 0, time.milliseconds(), kv));
                AppendResult between = log.append(Keyed.plain(time.milliseconds(), "k" + op.keys().get(0), "between" + n++));
                log.append(Keyed.marker(pid, (short) 0, op.commit(), time.milliseconds()), AppendOrigin.COORDINATOR);
                if (op.commit()) {
                    record(latest, r.baseOffset(), kv);
                }
                record(latest, between.baseOffset(), "k" + op.keys().get(0), "between" + (n - 1));
            }
            time.sleep(1);
        }
        return latest;
    }

    private static void record(Map<String, Keyed.Entry> latest, long baseOffset, String... kv) {
        for (int i = 0; i < kv.length / 2; i++) {
            Keyed.Entry e = new Keyed.Entry(baseOffset + i, kv[2 * i], kv[2 * i + 1]);
            Keyed.Entry old = latest.get(e.key());
            if (old == null || old.offset() < e.offset()) {
                latest.put(e.key(), e);
            }
        }
    }

    private static List<Keyed.Entry> sorted(Map<String, Keyed.Entry> latest, boolean withTombstones) {
        TreeMap<Long, Keyed.Entry> byOffset = new TreeMap<>();
        latest.values().stream().filter(e -> withTombstones || e.value() != null).forEach(e -> byOffset.put(e.offset(), e));
        return new ArrayList<>(byOffset.values());
    }
}
