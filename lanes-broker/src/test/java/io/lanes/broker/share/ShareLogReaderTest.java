package io.lanes.broker.share;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A share fetch sends only the batches holding what it acquired, not everything it read to find them: three
 * batches (offsets 0-2, 3-5, 6-8), in memory and in a file.
 */
class ShareLogReaderTest {

    @TempDir
    Path dir;

    private static MemoryRecords threeBatches() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (long base = 0; base < 9; base += 3) {
            buffer.put(MemoryRecords.withRecords(base, Compression.NONE, new SimpleRecord("k".getBytes(),
                    ("v" + base).getBytes()), new SimpleRecord("k".getBytes(), "v".getBytes()),
                    new SimpleRecord("k".getBytes(), "v".getBytes())).buffer());
        }
        return MemoryRecords.readableRecords(buffer.flip());
    }

    private static List<Long> baseOffsets(Records records) {
        List<Long> bases = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            bases.add(batch.baseOffset());
        }
        return bases;
    }

    @Test
    void shouldKeepOnlyTheBatchesOfTheAcquiredOffsetsWhenRecordsAreInMemory() {
        // given
        MemoryRecords records = threeBatches();
        ShareLogReader.Read read = ShareLogReader.scan(records, 0, 9, List.of());

        // when
        Records middle = read.covering(4, 4);
        Records lastTwo = read.covering(5, 7);
        Records all = read.covering(0, 8);
        Records none = read.covering(9, 12);

        // then
        assertThat(baseOffsets(middle)).containsExactly(3L);
        assertThat(baseOffsets(lastTwo)).containsExactly(3L, 6L);
        assertThat(all).isSameAs(records);
        assertThat(none.sizeInBytes()).isZero();
    }

    @Test
    void shouldSliceTheFileWhenRecordsAreAFileSegment() throws Exception {
        // given
        try (FileRecords file = FileRecords.open(dir.resolve("00000000000000000000.log").toFile())) {
            file.append(threeBatches());
            file.flush();

            ShareLogReader.Read read = ShareLogReader.scan(file, 0, 9, List.of());

            // when
            Records first = read.covering(0, 1);
            Records middle = read.covering(3, 5);

            // then
            assertThat(first).isInstanceOf(FileRecords.class);
            assertThat(baseOffsets(first)).containsExactly(0L);
            assertThat(baseOffsets(middle)).containsExactly(3L);
            assertThat(middle.batches().iterator().next().iterator().next().value())
                    .isEqualTo(ByteBuffer.wrap("v3".getBytes()));
        }
    }
}
