package io.lanes.storage;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A topic's compression.type other than {@code producer} is applied on append, as in Kafka. */
class TopicCompressionTest extends LogTestSupport {

    @Test
    void shouldStoreBatchInTopicCodecKeepingRecordsAndProducerIdentity() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of("compression.type", "gzip"));
        MemoryRecords lz4 = MemoryRecords.withIdempotentRecords(Compression.lz4().build(), 7L, (short) 2, 0,
                new SimpleRecord(time.milliseconds(), "k1".getBytes(), "v1".getBytes()),
                new SimpleRecord(time.milliseconds(), "k2".getBytes(), "v2".getBytes()));

        // when
        AppendResult result = log.append(lz4);

        // then
        List<RecordBatch> stored = batches(log);
        assertThat(result.baseOffset()).isZero();
        assertThat(stored).hasSize(1);
        RecordBatch batch = stored.get(0);
        assertThat(batch.compressionType()).isEqualTo(CompressionType.GZIP);
        assertThat(List.of(batch.producerId(), (long) batch.producerEpoch(), (long) batch.baseSequence(),
                batch.lastOffset())).containsExactly(7L, 2L, 0L, 1L);
        assertThat(Batches.values(log.read(0, 1 << 20, 2, true).records())).containsExactly("0:v1", "1:v2");
    }

    @Test
    void shouldKeepProducerCodecWhenTopicSaysProducer() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());

        // when
        log.append(MemoryRecords.withRecords(Compression.lz4().build(), new SimpleRecord("v".getBytes())));

        // then
        assertThat(batches(log).get(0).compressionType()).isEqualTo(CompressionType.LZ4);
    }

    @Test
    void shouldDecompressWhenTopicIsUncompressed() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of("compression.type", "uncompressed"));

        // when
        log.append(MemoryRecords.withRecords(Compression.zstd().build(), new SimpleRecord("v".getBytes())));

        // then
        assertThat(batches(log).get(0).compressionType()).isEqualTo(CompressionType.NONE);
    }

    private static List<RecordBatch> batches(PartitionLog log) {
        List<RecordBatch> out = new ArrayList<>();
        log.read(0, 1 << 20, log.logEndOffset(), true).records().batches().forEach(out::add);
        return out;
    }
}
