package io.lanes.broker.metrics;

import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BatchHeadersTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountRecordsOfEveryBatchButControlBatchesWhenReadFromAFileSlice() throws Exception {
        // given: a plain batch of 3, a compressed transactional batch of 2, its commit marker, a batch of 4
        try (FileRecords file = FileRecords.open(dir.resolve("00000000000000000000.log").toFile())) {
            file.append(MemoryRecords.withRecords(0L, Compression.NONE, records(3)));
            file.append(MemoryRecords.withTransactionalRecords(3L, Compression.gzip().build(), 7L, (short) 0, 0, 0,
                    records(2)));
            file.append(MemoryRecords.withEndTransactionMarker(5L, 0L, 0, 7L, (short) 0,
                    new EndTransactionMarker(ControlRecordType.COMMIT, 0)));
            file.append(MemoryRecords.withRecords(6L, Compression.NONE, records(4)));
            file.flush();
            int first = file.batches().iterator().next().sizeInBytes();

            // when
            int all = PartitionMeters.records(file);
            int afterTheFirst = PartitionMeters.records(file.slice(first, file.sizeInBytes() - first));

            // then
            assertThat(all).isEqualTo(9);
            assertThat(afterTheFirst).isEqualTo(6);
            assertThat(BatchHeaders.records(file)).isEqualTo(9);
        }
    }

    @Test
    void shouldCountRecordsInMemoryWhenTheResponseHoldsMemoryRecords() {
        // given / when / then
        assertThat(PartitionMeters.records(MemoryRecords.withRecords(0L, Compression.NONE, records(5)))).isEqualTo(5);
        assertThat(PartitionMeters.records(MemoryRecords.EMPTY)).isZero();
    }

    private static SimpleRecord[] records(int n) {
        SimpleRecord[] out = new SimpleRecord[n];
        for (int i = 0; i < n; i++) {
            out[i] = new SimpleRecord(("k" + i).getBytes(), ("v" + i).getBytes());
        }
        return out;
    }
}
