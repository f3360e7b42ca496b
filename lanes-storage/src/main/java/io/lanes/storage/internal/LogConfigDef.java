package io.lanes.storage.internal;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.internal.Records;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.DOUBLE;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.LONG;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

/**
 * The topic-level config definitions with Kafka 4.1's names, types, defaults and validators, and the
 * broker-level synonyms. Kept apart from {@code LogConfig} so the accessor class stays small.
 */
public final class LogConfigDef {

    /** Kafka 4.1's test-only override that allows segments smaller than the 1 MiB minimum of segment.bytes. */
    public static final String INTERNAL_SEGMENT_BYTES_CONFIG = "internal.segment.bytes";
    public static final String LEADER_THROTTLED_REPLICAS_CONFIG = "leader.replication.throttled.replicas";
    public static final String FOLLOWER_THROTTLED_REPLICAS_CONFIG = "follower.replication.throttled.replicas";

    /** 1 MiB plus the 12-byte log overhead, as in Kafka. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;

    private static final ConfigDef DEF = build();

    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry(TopicConfig.SEGMENT_BYTES_CONFIG, "log.segment.bytes"),
            Map.entry(TopicConfig.SEGMENT_MS_CONFIG, "log.roll.ms"),
            Map.entry(TopicConfig.SEGMENT_JITTER_MS_CONFIG, "log.roll.jitter.ms"),
            Map.entry(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, "log.index.size.max.bytes"),
            Map.entry(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, "log.flush.interval.messages"),
            Map.entry(TopicConfig.FLUSH_MS_CONFIG, "log.flush.interval.ms"),
            Map.entry(TopicConfig.RETENTION_BYTES_CONFIG, "log.retention.bytes"),
            Map.entry(TopicConfig.RETENTION_MS_CONFIG, "log.retention.ms"),
            Map.entry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "message.max.bytes"),
            Map.entry(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, "log.index.interval.bytes"),
            Map.entry(TopicConfig.DELETE_RETENTION_MS_CONFIG, "log.cleaner.delete.retention.ms"),
            Map.entry(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "log.cleaner.min.compaction.lag.ms"),
            Map.entry(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "log.cleaner.max.compaction.lag.ms"),
            Map.entry(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, "log.segment.delete.delay.ms"),
            Map.entry(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "log.cleaner.min.cleanable.ratio"),
            Map.entry(TopicConfig.CLEANUP_POLICY_CONFIG, "log.cleanup.policy"),
            Map.entry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "unclean.leader.election.enable"),
            Map.entry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "min.insync.replicas"),
            Map.entry(TopicConfig.COMPRESSION_TYPE_CONFIG, "compression.type"),
            Map.entry(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, "compression.gzip.level"),
            Map.entry(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, "compression.lz4.level"),
            Map.entry(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, "compression.zstd.level"),
            Map.entry(TopicConfig.PREALLOCATE_CONFIG, "log.preallocate"),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "log.message.timestamp.type"),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, "log.message.timestamp.before.max.ms"),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, "log.message.timestamp.after.max.ms"),
            Map.entry(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, "log.local.retention.ms"),
            Map.entry(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, "log.local.retention.bytes"),
            Map.entry(TopicConfig.REMOTE_COPY_LAG_MS_CONFIG, "log.remote.copy.lag.ms"),
            Map.entry(TopicConfig.REMOTE_COPY_LAG_BYTES_CONFIG, "log.remote.copy.lag.bytes"),
            Map.entry(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG, "max.decompressed.message.bytes"));

    private LogConfigDef() {
    }

    /** A copy, so callers cannot change the shared definition. */
    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    static ConfigDef shared() {
        return DEF;
    }

    public static Optional<String> brokerSynonym(String topicConfigName) {
        return Optional.ofNullable(SYNONYMS.get(topicConfigName));
    }

    private static ConfigDef build() {
        return new ConfigDef()
                .define(TopicConfig.SEGMENT_BYTES_CONFIG, INT, 1024 * 1024 * 1024, atLeast(1024 * 1024), MEDIUM, TopicConfig.SEGMENT_BYTES_DOC)
                .define(TopicConfig.SEGMENT_MS_CONFIG, LONG, 7 * 24 * 3600 * 1000L, atLeast(1), MEDIUM, TopicConfig.SEGMENT_MS_DOC)
                .define(TopicConfig.SEGMENT_JITTER_MS_CONFIG, LONG, 0L, atLeast(0), MEDIUM, TopicConfig.SEGMENT_JITTER_MS_DOC)
                .define(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, INT, 10 * 1024 * 1024, atLeast(4), MEDIUM, TopicConfig.SEGMENT_INDEX_BYTES_DOC)
                .define(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, LONG, Long.MAX_VALUE, atLeast(1), MEDIUM, TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC)
                .define(TopicConfig.FLUSH_MS_CONFIG, LONG, Long.MAX_VALUE, atLeast(0), MEDIUM, TopicConfig.FLUSH_MS_DOC)
                .define(TopicConfig.RETENTION_BYTES_CONFIG, LONG, -1L, MEDIUM, TopicConfig.RETENTION_BYTES_DOC)
                .define(TopicConfig.RETENTION_MS_CONFIG, LONG, 7 * 24 * 3600 * 1000L, atLeast(-1), MEDIUM, TopicConfig.RETENTION_MS_DOC)
                .define(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, INT, DEFAULT_MAX_MESSAGE_BYTES, atLeast(0), MEDIUM, TopicConfig.MAX_MESSAGE_BYTES_DOC)
                .define(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, INT, 4096, atLeast(0), MEDIUM, TopicConfig.INDEX_INTERVAL_BYTES_DOC)
                .define(TopicConfig.DELETE_RETENTION_MS_CONFIG, LONG, 24 * 3600 * 1000L, atLeast(0), MEDIUM, TopicConfig.DELETE_RETENTION_MS_DOC)
                .define(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, LONG, 0L, atLeast(0), MEDIUM, TopicConfig.MIN_COMPACTION_LAG_MS_DOC)
                .define(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, LONG, Long.MAX_VALUE, atLeast(1), MEDIUM, TopicConfig.MAX_COMPACTION_LAG_MS_DOC)
                .define(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, LONG, 60000L, atLeast(0), MEDIUM, TopicConfig.FILE_DELETE_DELAY_MS_DOC)
                .define(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, DOUBLE, 0.5, between(0, 1), MEDIUM, TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC)
                .define(TopicConfig.CLEANUP_POLICY_CONFIG, LIST, TopicConfig.CLEANUP_POLICY_DELETE,
                        ConfigDef.ValidList.in(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE), MEDIUM, TopicConfig.CLEANUP_POLICY_DOC)
                .define(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, BOOLEAN, false, MEDIUM, TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC)
                .define(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, INT, 1, atLeast(1), MEDIUM, TopicConfig.MIN_IN_SYNC_REPLICAS_DOC)
                .define(TopicConfig.COMPRESSION_TYPE_CONFIG, STRING, "producer",
                        ConfigDef.ValidString.in("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"), MEDIUM, TopicConfig.COMPRESSION_TYPE_DOC)
                .define(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, INT, -1, new GzipLevelValidator(), MEDIUM, TopicConfig.COMPRESSION_GZIP_LEVEL_DOC)
                .define(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, INT, 9, between(1, 17), MEDIUM, TopicConfig.COMPRESSION_LZ4_LEVEL_DOC)
                .define(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, INT, 3, between(-131072, 22), MEDIUM, TopicConfig.COMPRESSION_ZSTD_LEVEL_DOC)
                .define(TopicConfig.PREALLOCATE_CONFIG, BOOLEAN, false, MEDIUM, TopicConfig.PREALLOCATE_DOC)
                .define(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, STRING, "CreateTime",
                        ConfigDef.ValidString.in("CreateTime", "LogAppendTime"), MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC)
                .define(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, LONG, Long.MAX_VALUE, atLeast(0), MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC)
                .define(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, LONG, 3600000L, atLeast(0), MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC)
                .define(LEADER_THROTTLED_REPLICAS_CONFIG, LIST, "", new ThrottledReplicasValidator(), MEDIUM,
                        "A list of replicas for which log replication should be throttled on the leader side. Accepted for compatibility; Lanes is single-node.")
                .define(FOLLOWER_THROTTLED_REPLICAS_CONFIG, LIST, "", new ThrottledReplicasValidator(), MEDIUM,
                        "A list of replicas for which log replication should be throttled on the follower side. Accepted for compatibility; Lanes is single-node.")
                .define(TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG, BOOLEAN, false, MEDIUM, TopicConfig.REMOTE_LOG_STORAGE_ENABLE_DOC)
                .define(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, LONG, -2L, atLeast(-2), MEDIUM, TopicConfig.LOCAL_LOG_RETENTION_MS_DOC)
                .define(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, LONG, -2L, atLeast(-2), MEDIUM, TopicConfig.LOCAL_LOG_RETENTION_BYTES_DOC)
                .define(TopicConfig.REMOTE_LOG_COPY_DISABLE_CONFIG, BOOLEAN, false, MEDIUM, TopicConfig.REMOTE_LOG_COPY_DISABLE_DOC)
                .define(TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_CONFIG, BOOLEAN, false, MEDIUM, TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_DOC)
                // Kafka 4.4's per-record decompression cap (LogConfig.maxDecompressedMessageBytes)
                .define(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG, INT, Records.SOFT_MAX_ARRAY_LENGTH,
                        between(1, Records.SOFT_MAX_ARRAY_LENGTH), MEDIUM, TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_DOC)
                // Kafka 4.4's share-group dead-letter topic flag (KIP-1191): a dead-letter topic must set it (broker's ShareDeadLetterQueue)
                .define(TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_CONFIG, BOOLEAN, false, MEDIUM,
                        TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_DOC)
                // Kafka 4.4's tiered-storage upload lag (no effect here, like the other remote.* configs)
                .define(TopicConfig.REMOTE_COPY_LAG_MS_CONFIG, LONG, 0L, atLeast(-1), MEDIUM, TopicConfig.REMOTE_COPY_LAG_MS_DOC)
                .define(TopicConfig.REMOTE_COPY_LAG_BYTES_CONFIG, LONG, -1L, atLeast(-1), MEDIUM, TopicConfig.REMOTE_COPY_LAG_BYTES_DOC)
                .defineInternal(INTERNAL_SEGMENT_BYTES_CONFIG, INT, null, null, MEDIUM,
                        "Test-only override of segment.bytes without its 1 MiB minimum.");
    }

    /** gzip accepts -1 (codec default) or 1..9. */
    private static final class GzipLevelValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            int level = (Integer) value;
            if (level != -1 && (level < 1 || level > 9)) {
                throw new ConfigException(name, value, "must be -1 or between 1 and 9");
            }
        }

        @Override
        public String toString() {
            return "[1,...,9] or -1";
        }
    }

    /** Either "*" alone or entries "partitionId:brokerId". */
    private static final class ThrottledReplicasValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> entries = (List<String>) value;
            if (entries.size() == 1 && entries.get(0).trim().equals("*")) {
                return;
            }
            for (String entry : entries) {
                if (!entry.trim().matches("([0-9]+:[0-9]+)?")) {
                    throw new ConfigException(name, value, "must be the literal '*' or a list of replicas in the form [partitionId]:[brokerId]");
                }
            }
        }

        @Override
        public String toString() {
            return "[partitionId]:[brokerId],[partitionId]:[brokerId],...";
        }
    }
}
