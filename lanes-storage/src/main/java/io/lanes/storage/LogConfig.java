package io.lanes.storage;

import io.lanes.storage.internal.LogConfigDef;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Topic-level log config with Kafka's names and defaults ({@link TopicConfig}). Immutable and thread-safe.
 *
 * <p>Resolution order: Kafka default, then broker defaults (given with topic-level names), then topic
 * overrides. The internal name {@value LogConfigDef#INTERNAL_SEGMENT_BYTES_CONFIG} (as in Kafka 4.1) overrides
 * {@code segment.bytes} without its 1 MiB minimum; tests use it for small segments.
 */
public final class LogConfig {

    private static final LogConfig DEFAULTS = from(Map.of(), Map.of());

    private final Map<String, Object> values;
    private final int segmentBytes;
    private final long segmentMs;
    private final long segmentJitterMs;
    private final int segmentIndexBytes;
    private final int indexIntervalBytes;
    private final int maxMessageBytes;
    private final int maxDecompressedMessageBytes;
    private final long retentionMs;
    private final long retentionBytes;
    private final long flushMessages;
    private final long flushMs;
    private final long fileDeleteDelayMs;
    private final TimestampType timestampType;
    private final long timestampBeforeMaxMs;
    private final long timestampAfterMaxMs;
    private final List<String> cleanupPolicy;
    private final Optional<Compression> compression;

    private LogConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
        Integer internalSegmentBytes = (Integer) values.get(LogConfigDef.INTERNAL_SEGMENT_BYTES_CONFIG);
        this.segmentBytes = internalSegmentBytes != null ? internalSegmentBytes : (Integer) values.get(TopicConfig.SEGMENT_BYTES_CONFIG);
        this.segmentMs = (Long) values.get(TopicConfig.SEGMENT_MS_CONFIG);
        this.segmentJitterMs = (Long) values.get(TopicConfig.SEGMENT_JITTER_MS_CONFIG);
        this.segmentIndexBytes = (Integer) values.get(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG);
        this.indexIntervalBytes = (Integer) values.get(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG);
        this.maxMessageBytes = (Integer) values.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        this.maxDecompressedMessageBytes = (Integer) values.get(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG);
        this.retentionMs = (Long) values.get(TopicConfig.RETENTION_MS_CONFIG);
        this.retentionBytes = (Long) values.get(TopicConfig.RETENTION_BYTES_CONFIG);
        this.flushMessages = (Long) values.get(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG);
        this.flushMs = (Long) values.get(TopicConfig.FLUSH_MS_CONFIG);
        this.fileDeleteDelayMs = (Long) values.get(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG);
        this.timestampType = TimestampType.forName((String) values.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG));
        this.timestampBeforeMaxMs = (Long) values.get(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG);
        this.timestampAfterMaxMs = (Long) values.get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
        @SuppressWarnings("unchecked")
        List<String> policy = (List<String>) values.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        this.cleanupPolicy = List.copyOf(policy);
        this.compression = compressionOf(values);
    }

    /** compression.type with its level configs; empty for {@code producer} (batches are stored as sent). */
    private static Optional<Compression> compressionOf(Map<String, Object> values) {
        String type = (String) values.get(TopicConfig.COMPRESSION_TYPE_CONFIG);
        return switch (type) {
            case "producer" -> Optional.empty();
            case "uncompressed" -> Optional.of(Compression.NONE);
            case "gzip" -> Optional.of(Compression.gzip()
                    .level((Integer) values.get(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG)).build());
            case "lz4" -> Optional.of(Compression.lz4()
                    .level((Integer) values.get(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG)).build());
            case "zstd" -> Optional.of(Compression.zstd()
                    .level((Integer) values.get(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG)).build());
            case "snappy" -> Optional.of(Compression.snappy().build());
            default -> throw new IllegalArgumentException("Unknown compression.type " + type);
        };
    }

    public static LogConfig defaults() {
        return DEFAULTS;
    }

    /**
     * @param brokerDefaults broker-wide defaults keyed by topic-level names (e.g. {@code segment.bytes})
     * @param topicOverrides per-topic overrides
     * @throws InvalidConfigurationException on an unknown name
     * @throws org.apache.kafka.common.config.ConfigException on a bad value
     */
    public static LogConfig from(Map<String, String> brokerDefaults, Map<String, String> topicOverrides) {
        ConfigDef def = LogConfigDef.configDef();
        Map<String, Object> merged = new HashMap<>();
        for (Map<String, String> layer : List.of(brokerDefaults, topicOverrides)) {
            for (Map.Entry<String, String> e : layer.entrySet()) {
                if (!def.names().contains(e.getKey())) {
                    throw new InvalidConfigurationException("Unknown topic config name: " + e.getKey());
                }
                merged.put(e.getKey(), e.getValue());
            }
        }
        return new LogConfig(def.parse(merged));
    }

    /** Every Kafka topic config with Kafka's default, type, doc and validator (a copy). */
    public static ConfigDef configDef() {
        return LogConfigDef.configDef();
    }

    /** The broker-level config that provides the default of a topic config, as in Kafka. */
    public static Optional<String> brokerSynonym(String topicConfigName) {
        return LogConfigDef.brokerSynonym(topicConfigName);
    }

    /** A copy of this config with some values replaced (topic-level names). */
    public LogConfig with(Map<String, String> overrides) {
        Map<String, String> current = new HashMap<>();
        ConfigDef def = LogConfigDef.configDef();
        values.forEach((name, value) -> {
            if (value != null) {
                current.put(name, ConfigDef.convertToString(value, def.configKeys().get(name).type));
            }
        });
        return from(current, overrides);
    }

    public int segmentBytes() { return segmentBytes; }
    public long segmentMs() { return segmentMs; }
    public long segmentJitterMs() { return segmentJitterMs; }
    public int segmentIndexBytes() { return segmentIndexBytes; }
    public int indexIntervalBytes() { return indexIntervalBytes; }
    public int maxMessageBytes() { return maxMessageBytes; }
    public long retentionMs() { return retentionMs; }
    public long retentionBytes() { return retentionBytes; }
    public long flushMessages() { return flushMessages; }
    public long flushMs() { return flushMs; }
    public long fileDeleteDelayMs() { return fileDeleteDelayMs; }
    public TimestampType messageTimestampType() { return timestampType; }
    public long messageTimestampBeforeMaxMs() { return timestampBeforeMaxMs; }
    public long messageTimestampAfterMaxMs() { return timestampAfterMaxMs; }

    /** The codec batches are stored with (compression.type), or empty to keep the producer's. */
    public Optional<Compression> compression() { return compression; }
    /** Comma-separated, as configured: "delete", "compact" or "compact,delete". */
    public String cleanupPolicy() { return String.join(",", cleanupPolicy); }
    /** How long the cleaner keeps tombstones and transaction markers after it first saw them (delete.retention.ms). */
    public long deleteRetentionMs() { return (Long) values.get(TopicConfig.DELETE_RETENTION_MS_CONFIG); }
    public long minCompactionLagMs() { return (Long) values.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG); }
    public long maxCompactionLagMs() { return (Long) values.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG); }
    public double minCleanableDirtyRatio() { return (Double) values.get(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG); }
    /**
     * The largest record a compressed batch may hold once decompressed (max.decompressed.message.bytes): larger
     * ones are refused on produce and fail reads that decompress them (timestamp lookups, compaction), as in Kafka.
     */
    public int maxDecompressedMessageBytes() { return maxDecompressedMessageBytes; }

    /**
     * The age at which the active segment rolls: {@code segment.ms}, or {@code max.compaction.lag.ms} when that is
     * smaller on a compacted topic (as in Kafka, so the cleaner can reach records within the maximum lag).
     */
    public long maxSegmentMs() {
        return compactEnabled() ? Math.min(segmentMs, maxCompactionLagMs()) : segmentMs;
    }
    public boolean deleteEnabled() { return cleanupPolicy.contains(TopicConfig.CLEANUP_POLICY_DELETE); }
    public boolean compactEnabled() { return cleanupPolicy.contains(TopicConfig.CLEANUP_POLICY_COMPACT); }

    /** Resolved values by name (unmodifiable); internal names map to null when unset. */
    public Map<String, Object> values() { return values; }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "LogConfig" + values;
    }
}
