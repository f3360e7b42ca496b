package io.lanes.storage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InconsistentTopicIdException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogManagerTest extends LogTestSupport {

    @Test
    void shouldSpreadPartitionsWhenSeveralDataDirs() {
        // given
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        LogManager manager = LogManager.open(List.of(a, b), Durability.PAGE_CACHE, LogConfig.defaults(), time, 300_000L);

        // when
        for (int p = 0; p < 4; p++) {
            manager.getOrCreate(new TopicPartition("t", p), topicId, LogConfig.defaults())
                    .append(Batches.plain(time.milliseconds(), "v" + p));
        }
        manager.close();
        LogManager reopened = openManager(a, Durability.PAGE_CACHE);

        // then
        assertThat(reopened.all()).hasSize(2);
        assertThat(Files.exists(b.resolve(LogManager.CLEAN_SHUTDOWN_MARKER))).isTrue();
    }

    @Test
    void shouldReturnSameLogWhenCreatedTwice() {
        // given
        LogManager manager = openManager(dataDir(), Durability.PAGE_CACHE);

        // when
        PartitionLog first = manager.getOrCreate(tp, topicId, LogConfig.defaults());
        PartitionLog second = manager.getOrCreate(tp, topicId, config(Map.of("retention.ms", "1")));

        // then
        assertThat(second).isSameAs(first);
        assertThat(second.config().retentionMs()).isEqualTo(1);
        assertThat(manager.get(tp)).containsSame(first);
    }

    @Test
    void shouldRejectOtherTopicIdWhenLogExists() {
        LogManager manager = openManager(dataDir(), Durability.PAGE_CACHE);
        manager.getOrCreate(tp, topicId, LogConfig.defaults());
        assertThatThrownBy(() -> manager.getOrCreate(tp, Uuid.randomUuid(), LogConfig.defaults()))
                .isInstanceOf(InconsistentTopicIdException.class);
    }

    @Test
    void shouldRemoveDirectoryWhenLogDeleted() {
        // given
        LogManager manager = openManager(dataDir(), Durability.PAGE_CACHE);
        manager.getOrCreate(tp, topicId, LogConfig.defaults()).append(Batches.plain(time.milliseconds(), "a"));

        // when
        manager.delete(tp);

        // then
        assertThat(manager.get(tp)).isEmpty();
        assertThat(partitionDir(dataDir(), tp)).doesNotExist();
        assertThat(manager.getOrCreate(tp, topicId, LogConfig.defaults()).logEndOffset()).isZero();
    }

    @Test
    void shouldIgnoreForeignDirectoriesWhenOpening() throws Exception {
        // given
        Files.createDirectories(dataDir().resolve("not a partition"));
        Files.createDirectories(dataDir().resolve("t-0.abc-delete"));

        // when
        LogManager manager = openManager(dataDir(), Durability.PAGE_CACHE);

        // then
        assertThat(manager.all()).isEmpty();
        assertThat(dataDir().resolve("t-0.abc-delete")).doesNotExist();
    }

    @Test
    void shouldApplyRetentionToAllLogsWhenEnforced() {
        // given
        LogManager manager = openManager(dataDir(), Durability.PAGE_CACHE);
        Map<String, String> overrides = new java.util.HashMap<>(smallSegments(1024));
        overrides.put("retention.ms", "1000");
        PartitionLog log = manager.getOrCreate(tp, topicId, config(overrides));
        for (int i = 0; i < 30; i++) {
            log.append(Batches.plain(time.milliseconds(), "v" + i, "w" + i));
        }
        time.advance(5000);

        // when
        int deleted = manager.enforceRetention();

        // then
        assertThat(deleted).isPositive();
        assertThat(log.logStartOffset()).isEqualTo(60);
    }

    @Test
    void shouldRecordTopicIdWhenLearnedAfterCreation() throws Exception {
        // given
        LogManager manager = openManager(dataDir(), Durability.PAGE_CACHE);
        PartitionLog log = manager.getOrCreate(tp, null, null);

        // when
        manager.getOrCreate(tp, topicId, null);

        // then
        assertThat(log.topicId()).isEqualTo(topicId);
        assertThat(Files.readString(partitionDir(dataDir(), tp).resolve("partition.metadata"))).contains(topicId.toString());
    }
}
