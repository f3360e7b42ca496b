package io.lanes.broker;

import org.apache.kafka.common.config.TopicConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Which broker configs give the default of which topic config, in Kafka's order of precedence
 * (Kafka's {@code ServerTopicConfigSynonyms}): for example {@code retention.ms} comes from
 * {@code log.retention.ms}, else {@code log.retention.minutes}, else {@code log.retention.hours}.
 *
 * <p>The first synonym of each topic config is the one Kafka lets an operator change at run time
 * (its {@code DynamicLogConfig.ReconfigurableConfigs}); those are Lanes' dynamic broker configs.
 * Immutable.
 */
public final class ConfigSynonyms {

    /** A broker config and the unit its value is in when the topic config is in milliseconds. */
    public record Synonym(String brokerConfig, TimeUnit unit) {
        /** The value converted to the topic config's unit. */
        public String toTopicValue(String value) {
            return unit == null ? value : String.valueOf(unit.toMillis(Long.parseLong(value.trim())));
        }
    }

    private static final Map<String, List<Synonym>> BY_TOPIC_CONFIG = build();

    /** Kafka's reconfigurable log cleaner settings (its LogCleaner restarts its threads with them). */
    private static final Set<String> CLEANER = Set.of("log.cleaner.threads", "log.cleaner.dedupe.buffer.size",
            "log.cleaner.io.buffer.load.factor", "log.cleaner.io.buffer.size", "log.cleaner.io.max.bytes.per.second",
            "log.cleaner.backoff.ms");

    private static final Set<String> DYNAMIC = java.util.stream.Stream.concat(BY_TOPIC_CONFIG.values().stream()
            .map(synonyms -> synonyms.get(0).brokerConfig()), CLEANER.stream())
            .collect(Collectors.toUnmodifiableSet());

    private ConfigSynonyms() {
    }

    private static Map<String, List<Synonym>> build() {
        Map<String, List<Synonym>> map = new LinkedHashMap<>();
        map.put(TopicConfig.SEGMENT_BYTES_CONFIG, List.of(plain("log.segment.bytes")));
        map.put(TopicConfig.SEGMENT_MS_CONFIG, List.of(plain("log.roll.ms"), hours("log.roll.hours")));
        map.put(TopicConfig.SEGMENT_JITTER_MS_CONFIG, List.of(plain("log.roll.jitter.ms"), hours("log.roll.jitter.hours")));
        map.put(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, List.of(plain("log.index.size.max.bytes")));
        map.put(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, List.of(plain("log.flush.interval.messages")));
        map.put(TopicConfig.FLUSH_MS_CONFIG, List.of(plain("log.flush.interval.ms"), plain("log.flush.scheduler.interval.ms")));
        map.put(TopicConfig.RETENTION_BYTES_CONFIG, List.of(plain("log.retention.bytes")));
        map.put(TopicConfig.RETENTION_MS_CONFIG, List.of(plain("log.retention.ms"),
                new Synonym("log.retention.minutes", TimeUnit.MINUTES), hours("log.retention.hours")));
        map.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, List.of(plain("message.max.bytes")));
        map.put(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, List.of(plain("log.index.interval.bytes")));
        map.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, List.of(plain("log.cleaner.delete.retention.ms")));
        map.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, List.of(plain("log.cleaner.min.compaction.lag.ms")));
        map.put(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, List.of(plain("log.cleaner.max.compaction.lag.ms")));
        map.put(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, List.of(plain("log.segment.delete.delay.ms")));
        map.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, List.of(plain("log.cleaner.min.cleanable.ratio")));
        map.put(TopicConfig.CLEANUP_POLICY_CONFIG, List.of(plain("log.cleanup.policy")));
        map.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, List.of(plain("unclean.leader.election.enable")));
        map.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, List.of(plain("min.insync.replicas")));
        map.put(TopicConfig.COMPRESSION_TYPE_CONFIG, List.of(plain("compression.type")));
        map.put(TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, List.of(plain("compression.gzip.level")));
        map.put(TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, List.of(plain("compression.lz4.level")));
        map.put(TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, List.of(plain("compression.zstd.level")));
        map.put(TopicConfig.PREALLOCATE_CONFIG, List.of(plain("log.preallocate")));
        map.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, List.of(plain("log.message.timestamp.type")));
        map.put(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, List.of(plain("log.message.timestamp.before.max.ms")));
        map.put(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, List.of(plain("log.message.timestamp.after.max.ms")));
        map.put(TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, List.of(plain("log.local.retention.ms")));
        map.put(TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, List.of(plain("log.local.retention.bytes")));
        map.put(TopicConfig.MAX_DECOMPRESSED_MESSAGE_BYTES_CONFIG, List.of(plain("max.decompressed.message.bytes")));
        map.put(TopicConfig.REMOTE_COPY_LAG_MS_CONFIG, List.of(plain("log.remote.copy.lag.ms")));
        map.put(TopicConfig.REMOTE_COPY_LAG_BYTES_CONFIG, List.of(plain("log.remote.copy.lag.bytes")));
        return map;
    }

    private static Synonym plain(String name) {
        return new Synonym(name, null);
    }

    private static Synonym hours(String name) {
        return new Synonym(name, TimeUnit.HOURS);
    }

    /** Every topic config that has broker synonyms, with them in order of precedence. */
    public static Map<String, List<Synonym>> all() {
        return BY_TOPIC_CONFIG;
    }

    /** The broker synonyms of a topic config, highest precedence first; empty if it has none. */
    public static List<Synonym> ofTopicConfig(String topicConfig) {
        return BY_TOPIC_CONFIG.getOrDefault(topicConfig, List.of());
    }

    /**
     * The broker configs that set the same thing as {@code brokerConfig}, itself included, highest
     * precedence first (Kafka's {@code DynamicBrokerConfig.brokerConfigSynonyms}): for example
     * {@code log.retention.ms, log.retention.minutes, log.retention.hours} for any of the three.
     */
    public static List<String> ofBrokerConfig(String brokerConfig) {
        for (List<Synonym> synonyms : BY_TOPIC_CONFIG.values()) {
            if (synonyms.size() > 1 && synonyms.stream().anyMatch(s -> s.brokerConfig().equals(brokerConfig))) {
                // Kafka lists log.flush.interval.ms with its fallback, but not the other way round.
                if (brokerConfig.equals("log.flush.scheduler.interval.ms")) {
                    return List.of(brokerConfig);
                }
                return synonyms.stream().map(Synonym::brokerConfig).toList();
            }
        }
        return List.of(brokerConfig);
    }

    /** The broker configs that may be changed at run time (DescribeConfigs shows the others read-only). */
    public static Set<String> dynamicBrokerConfigs() {
        return DYNAMIC;
    }

    public static boolean isDynamic(String brokerConfig) {
        return DYNAMIC.contains(brokerConfig);
    }
}
