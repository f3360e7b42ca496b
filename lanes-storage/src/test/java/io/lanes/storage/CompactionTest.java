package io.lanes.storage;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cleaner on one log, driven in the test thread (threads disabled). */
class CompactionTest extends LogTestSupport {

    private static final short EPOCH = 0;

    LogManager manager;

    PartitionLog compacted(Map<String, String> extra) {
        manager = LogManager.open(List.of(dataDir()), Durability.PAGE_CACHE, LogConfig.defaults(), time, 300_000L,
                CleanerConfig.defaults().withEnabled(false));
        Map<String, String> cfg = new HashMap<>(smallSegments(300));
        cfg.put("cleanup.policy", "compact");
        cfg.put("min.cleanable.dirty.ratio", "0.01");
        cfg.putAll(extra);
        return manager.getOrCreate(tp, topicId, config(cfg));
    }

    @Test
    void shouldKeepLatestValuePerKeyWithOffsetsWhenCleaned() {
        // given
        PartitionLog log = compacted(Map.of());
        for (int i = 0; i < 30; i++) {
            log.append(Keyed.plain(time.milliseconds(), "k" + (i % 3), "v" + i));
        }
        log.roll();

        // when
        int passes = manager.cleaner().cleanNow(5);

        // then
        assertThat(passes).isGreaterThan(0);
        assertThat(Keyed.readAll(log)).map(Keyed.Entry::toString).containsExactly("27:k0=v27", "28:k1=v28", "29:k2=v29");
        assertThat(log.logEndOffset()).isEqualTo(30);
        assertThat(Keyed.readFrom(log, 5).get(0).offset()).as("a fetch inside a gap gets the next record").isEqualTo(27);
    }

    @Test
    void shouldNeverCleanTheActiveSegment() {
        // given
        PartitionLog log = compacted(Map.of("internal.segment.bytes", "100000"));
        for (int i = 0; i < 10; i++) {
            log.append(Keyed.plain(time.milliseconds(), "k", "v" + i));
        }

        // when
        int passes = manager.cleaner().cleanNow(5);

        // then
        assertThat(passes).isZero();
        assertThat(Keyed.readAll(log)).hasSize(10);
    }

    @Test
    void shouldKeepTombstonesForDeleteRetentionThenRemoveThem() {
        // given
        PartitionLog log = compacted(Map.of("delete.retention.ms", "1000"));
        log.append(Keyed.plain(time.milliseconds(), "a", "1", "b", "2"));
        log.append(Keyed.plain(time.milliseconds(), "a", null));
        log.roll();

        // when
        manager.cleaner().cleanNow(5);
        List<Keyed.Entry> first = Keyed.readAll(log);
        time.sleep(999);
        manager.cleaner().cleanNow(5);
        List<Keyed.Entry> beforeHorizon = Keyed.readAll(log);
        time.sleep(2);
        manager.cleaner().cleanNow(5);
        List<Keyed.Entry> after = Keyed.readAll(log);

        // then
        assertThat(first).map(Keyed.Entry::toString).containsExactly("1:b=2", "2:a=null");
        assertThat(beforeHorizon).isEqualTo(first);
        assertThat(after).map(Keyed.Entry::toString).containsExactly("1:b=2");
    }

    @Test
    void shouldRemoveAbortedRecordsAndKeepProducerSequenceWhenCleaned() throws Exception {
        // given
        PartitionLog log = compacted(Map.of("delete.retention.ms", "0"));
        log.append(Keyed.transactional(7L, EPOCH, 0, time.milliseconds(), "a", "aborted"));
        log.append(Keyed.idempotent(9L, EPOCH, 0, time.milliseconds(), "b", "1"));
        log.append(Keyed.marker(7L, EPOCH, false, time.milliseconds()), AppendOrigin.COORDINATOR);
        log.append(Keyed.idempotent(9L, EPOCH, 1, time.milliseconds(), "b", "2"));
        log.append(Keyed.plain(time.milliseconds(), "b", "3"));
        log.roll();

        // when
        manager.cleaner().cleanNow(5);
        time.sleep(1);
        manager.cleaner().cleanNow(5);
        manager.close();
        for (var snapshot : filesWithSuffix(partitionDir(dataDir(), tp), ".snapshot")) {
            java.nio.file.Files.delete(snapshot);
        }
        manager = LogManager.open(List.of(dataDir()), Durability.PAGE_CACHE, LogConfig.defaults(), time, 300_000L,
                CleanerConfig.defaults().withEnabled(false));
        PartitionLog reopened = manager.get(tp).orElseThrow();
        AppendResult next = reopened.append(Keyed.idempotent(9L, EPOCH, 2, time.milliseconds(), "b", "4"));

        // then
        assertThat(Keyed.readAll(reopened)).map(Keyed.Entry::toString).containsExactly("4:b=3", "5:b=4");
        assertThat(next.duplicate()).isFalse();
        assertThatThrownBy(() -> reopened.append(Keyed.idempotent(9L, EPOCH, 5, time.milliseconds(), "b", "x")))
                .isInstanceOf(org.apache.kafka.common.errors.OutOfOrderSequenceException.class);
    }

    @Test
    void shouldRefuseRecordsWithoutKeyWhenTopicIsCompacted() {
        // given
        PartitionLog log = compacted(Map.of());

        // when / then
        assertThatThrownBy(() -> log.append(Keyed.plain(time.milliseconds(), "k", "v", null, "no key")))
                .isInstanceOf(InvalidRecordsException.class)
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("One or more records have been rejected due to 1 record errors in total, and only showing "
                        + "the first three errors at most: [RecordError(batchIndex=1, message='Compacted topic cannot "
                        + "accept message without key in topic partition orders-0')]");
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldNotCleanBeforeMinCompactionLagWhenConfigured() {
        // given
        PartitionLog log = compacted(Map.of("min.compaction.lag.ms", "10000"));
        for (int i = 0; i < 10; i++) {
            log.append(Keyed.plain(time.milliseconds(), "k", "v" + i));
        }
        log.roll();

        // when
        int early = manager.cleaner().cleanNow(5);
        time.sleep(10_001);
        int late = manager.cleaner().cleanNow(5);

        // then
        assertThat(early).isZero();
        assertThat(late).isPositive();
        assertThat(Keyed.readAll(log)).map(Keyed.Entry::toString).containsExactly("9:k=v9");
    }

    @Test
    void shouldCleanAgainWhenReplacedFilesStillAwaitDeletion() throws Exception {
        // given: replaced segments are deleted only after file.delete.delay.ms, and a cleaned segment keeps its base
        PartitionLog log = compacted(Map.of("file.delete.delay.ms", "60000"));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                log.append(Keyed.plain(time.milliseconds(), "k" + (i % 2), "r" + round + "-" + i));
            }
            log.roll();

            // when
            manager.cleaner().cleanNow(5);
        }

        // then
        assertThat(Keyed.readAll(log)).map(Keyed.Entry::toString).containsExactly("58:k0=r2-18", "59:k1=r2-19");
        assertThat(filesWithSuffix(partitionDir(dataDir(), tp), ".swap")).isEmpty();
        manager.close();
        manager = LogManager.open(List.of(dataDir()), Durability.PAGE_CACHE, LogConfig.defaults(), time, 300_000L,
                CleanerConfig.defaults().withEnabled(false));
        assertThat(Keyed.readAll(manager.get(tp).orElseThrow())).map(Keyed.Entry::toString)
                .containsExactly("58:k0=r2-18", "59:k1=r2-19");
    }

    @Test
    void shouldKeepEveryRecordWhenALoweredMaxDecompressedMessageBytesStopsCleaning() {
        // given: compressed records of 2,000 bytes, then the topic's limit lowered to 500
        PartitionLog log = compacted(Map.of());
        String big = "x".repeat(2_000);
        for (int i = 0; i < 6; i++) {
            log.append(MemoryRecords.withRecords(Compression.lz4().build(),
                    Keyed.record(time.milliseconds(), "k" + (i % 2), big + i)));
        }
        log.roll();
        Map<String, String> lowered = new HashMap<>(smallSegments(300));
        lowered.put("cleanup.policy", "compact");
        lowered.put("min.cleanable.dirty.ratio", "0.01");
        lowered.put("max.decompressed.message.bytes", "500");
        log.updateConfig(config(lowered));

        // when
        int passes = manager.cleaner().cleanNow(5);

        // then: the cleaner cannot read them, so it removes nothing
        assertThat(passes).isZero();
        assertThat(Keyed.readAll(log)).hasSize(6);

        // and when the limit is raised again, cleaning resumes
        lowered.remove("max.decompressed.message.bytes");
        log.updateConfig(config(lowered));
        assertThat(manager.cleaner().cleanNow(5)).isGreaterThan(0);
        assertThat(Keyed.readAll(log)).map(Keyed.Entry::offset).containsExactly(4L, 5L);
    }
}
