package io.lanes.storage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.CompressionType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionLogTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(1_700_000_000_000L);
    private LogManager manager;
    private final TopicPartition tp = new TopicPartition("orders", 0);

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    private PartitionLog open(Durability durability, Map<String, String> overrides) {
        manager = LogManager.open(List.of(dir), durability, LogConfig.defaults(), time, 300_000L);
        return manager.getOrCreate(tp, Uuid.randomUuid(), LogConfig.from(Map.of(), overrides));
    }

    @Test
    void shouldReadBackRecordsWhenAppended() {
        // given
        PartitionLog log = open(Durability.PAGE_CACHE, Map.of());

        // when
        AppendResult first = log.append(Batches.plain(time.milliseconds(), "a", "b", "c"));
        AppendResult second = log.append(Batches.plain(CompressionType.LZ4, time.milliseconds(), "z", 5));
        ReadResult read = log.read(0, 1 << 20, log.highWatermark(), false);

        // then
        assertThat(first.baseOffset()).isZero();
        assertThat(first.lastOffset()).isEqualTo(2);
        assertThat(second.baseOffset()).isEqualTo(3);
        assertThat(second.lastOffset()).isEqualTo(7);
        assertThat(Batches.values(read.records())).containsExactly("0:a", "1:b", "2:c",
                "3:z-0", "4:z-1", "5:z-2", "6:z-3", "7:z-4");
        assertThat(read.highWatermark()).isEqualTo(8);
    }
}
