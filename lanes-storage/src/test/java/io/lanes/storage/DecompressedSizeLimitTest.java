package io.lanes.storage;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code max.decompressed.message.bytes}: a compressed batch may not hold a record larger than it once
 * decompressed, as in Kafka 4.4 (the differential test compares the wire answers with Kafka's).
 */
class DecompressedSizeLimitTest extends LogTestSupport {

    private static final Map<String, String> LIMIT_500 = Map.of("max.decompressed.message.bytes", "500");

    @Test
    void shouldRefuseACompressedBatchHoldingARecordOverTheLimitAndStoreNothingOfIt() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, LIMIT_500);

        // when / then
        assertThatThrownBy(() -> log.append(batch(Compression.lz4().build(), 100, 2_000)))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.append(batch(Compression.lz4().build(), 100, 300)).baseOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(2);
    }

    @Test
    void shouldRefuseARecordOverTheLimitWhenTheTopicRecompressesTheBatch() {
        // given
        Map<String, String> gzipTopic = Map.of("max.decompressed.message.bytes", "500", "compression.type", "gzip");
        PartitionLog log = openLog(Durability.PAGE_CACHE, gzipTopic);

        // when / then
        assertThatThrownBy(() -> log.append(batch(Compression.lz4().build(), 2_000)))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldAcceptAnUncompressedRecordOverTheLimitAsKafkaDoes() {
        // given
        PartitionLog log = openLog(Durability.PAGE_CACHE, LIMIT_500);

        // when
        AppendResult result = log.append(batch(Compression.NONE, 2_000));

        // then
        assertThat(result.baseOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void shouldFailTimestampLookupsThatDecompressARecordOverALoweredLimit() {
        // given: records of 2,000 bytes stored before the limit was lowered
        PartitionLog log = openLog(Durability.PAGE_CACHE, Map.of());
        log.append(batch(Compression.lz4().build(), 2_000, 2_000, 2_000));

        // when
        log.updateConfig(config(LIMIT_500));

        // then
        assertThatThrownBy(() -> log.offsetForTimestamp(1_001L)).isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(log::maxTimestampAndOffset).isInstanceOf(InvalidRecordException.class);
        assertThat(Batches.values(log.read(0, 1 << 20, 3, true).records())).hasSize(3);
    }

    /** One batch of records with values of the given sizes and timestamps 1000, 1001, ... */
    private static MemoryRecords batch(Compression compression, int... valueSizes) {
        SimpleRecord[] records = new SimpleRecord[valueSizes.length];
        for (int i = 0; i < valueSizes.length; i++) {
            records[i] = new SimpleRecord(1_000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    "x".repeat(valueSizes[i]).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(compression, records);
    }
}
