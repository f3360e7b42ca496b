package io.lanes.broker.hotkeys;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompressedKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "gzip", "snappy", "zstd"})
    void shouldSeeTheSizesAndKeysKafkaSeesWhenReadingACompressedBatch(String codec) throws Exception {
        // given: keyed, unkeyed, large and header-carrying records
        byte[] large = new byte[70_000];
        Arrays.fill(large, (byte) 7);
        MemoryRecords records = MemoryRecords.withRecords(Compression.of(codec).build(),
                new SimpleRecord(1L, "k1".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord(2L, null, "no key".getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord(3L, "k-large".getBytes(StandardCharsets.UTF_8), large),
                new SimpleRecord(4L, "k4".getBytes(StandardCharsets.UTF_8), "v4".getBytes(StandardCharsets.UTF_8),
                        new Header[] {new RecordHeader("h", "x".getBytes(StandardCharsets.UTF_8))}));
        RecordBatch batch = records.batches().iterator().next();

        // when
        List<String> seen = new ArrayList<>();
        CompressedKeys.forEach(batch, records.buffer(), (size, key, offset, length) ->
                seen.add(size + ":" + (length < 0 ? "null" : new String(key, offset, length, StandardCharsets.UTF_8))));

        // then
        assertThat(seen).containsExactlyElementsOf(kafkasView(batch));
    }

    private static List<String> kafkasView(RecordBatch batch) {
        List<String> view = new ArrayList<>();
        try (CloseableIterator<Record> it = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (it.hasNext()) {
                Record record = it.next();
                view.add(record.sizeInBytes() + ":" + (record.hasKey() ? utf8(record.key()) : "null"));
            }
        }
        return view;
    }

    private static String utf8(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
