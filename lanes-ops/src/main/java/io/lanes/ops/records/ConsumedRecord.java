package io.lanes.ops.records;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A record as {@code consume} shows it: where it is (topic, partition, offset), its timestamp and
 * timestamp type ({@code CreateTime} / {@code LogAppendTime}), key and value as UTF-8 text (null
 * when absent), headers in order. Immutable.
 */
public record ConsumedRecord(String topic, int partition, long offset, Instant timestamp, String timestampType,
                             String key, String value, List<Map.Entry<String, String>> headers) {
}
