package io.lanes.broker;

import io.lanes.coordinator.group.GroupConfig;
import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.group.streams.StreamsGroupConfig;
import io.lanes.coordinator.txn.TransactionConfig;
import io.lanes.storage.Durability;
import io.lanes.storage.CleanerConfig;
import io.lanes.storage.LogConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
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
 * The broker's static configuration, named as in Kafka's {@code server.properties} where a
 * Kafka name applies, plus {@code lanes.*} keys for what is ours.
 *
 * <p>Unknown keys are kept (so a Kafka {@code server.properties} can be reused) but ignored.
 * Immutable and thread-safe.
 */
public final class BrokerConfig {
    public static final String NODE_ID = "node.id";
    /**
     * The {@code transaction.version} feature level finalized until UpdateFeatures changes it (the broker-side
     * twin of {@code kafka-storage format --feature transaction.version=N}).
     */
    public static final String TRANSACTION_VERSION = "transaction.version";
    /** The highest transaction.version Lanes serves. */
    public static final int MAX_TRANSACTION_VERSION = 2;
    /** metadata.version 4.4-IV2: the Kafka release Lanes follows (kafka-clients and the differential broker). */
    public static final int METADATA_VERSION_LEVEL = 33;
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String TELEMETRY_MAX_BYTES = "telemetry.max.bytes";
    public static final String QUOTA_WINDOW_NUM = "quota.window.num";
    public static final String QUOTA_WINDOW_SIZE_SECONDS = "quota.window.size.seconds";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String DURABILITY = "lanes.durability";
    public static final String MAX_PARTITIONS = "lanes.max.partitions";
    public static final String HTTP_PORT = "lanes.http.port";
    public static final int DEFAULT_HTTP_PORT = 8090;
    public static final String METRICS_ENABLED = "lanes.metrics.enabled";
    public static final String HOTKEYS_SAMPLE_EVERY = "lanes.hotkeys.sample.every.batches";
    public static final String HOTKEYS_WINDOW_MS = "lanes.hotkeys.window.ms";
    public static final String CONSUMER_GROUP_SESSION_TIMEOUT_MS = "group.consumer.session.timeout.ms";
    public static final String CONSUMER_GROUP_MIN_SESSION_TIMEOUT_MS = "group.consumer.min.session.timeout.ms";
    public static final String CONSUMER_GROUP_MAX_SESSION_TIMEOUT_MS = "group.consumer.max.session.timeout.ms";
    public static final String CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS = "group.consumer.heartbeat.interval.ms";
    public static final String CONSUMER_GROUP_MIN_HEARTBEAT_INTERVAL_MS = "group.consumer.min.heartbeat.interval.ms";
    public static final String CONSUMER_GROUP_MAX_HEARTBEAT_INTERVAL_MS = "group.consumer.max.heartbeat.interval.ms";
    public static final String CONSUMER_GROUP_MAX_SIZE = "group.consumer.max.size";
    public static final String CONSUMER_GROUP_ASSIGNORS = "group.consumer.assignors";
    public static final String REBALANCE_PROTOCOLS = "group.coordinator.rebalance.protocols";
    public static final String STREAMS_GROUP_SESSION_TIMEOUT_MS = "group.streams.session.timeout.ms";
    public static final String STREAMS_GROUP_MIN_SESSION_TIMEOUT_MS = "group.streams.min.session.timeout.ms";
    public static final String STREAMS_GROUP_MAX_SESSION_TIMEOUT_MS = "group.streams.max.session.timeout.ms";
    public static final String STREAMS_GROUP_HEARTBEAT_INTERVAL_MS = "group.streams.heartbeat.interval.ms";
    public static final String STREAMS_GROUP_MIN_HEARTBEAT_INTERVAL_MS = "group.streams.min.heartbeat.interval.ms";
    public static final String STREAMS_GROUP_MAX_HEARTBEAT_INTERVAL_MS = "group.streams.max.heartbeat.interval.ms";
    public static final String STREAMS_GROUP_MAX_SIZE = "group.streams.max.size";
    public static final String STREAMS_GROUP_NUM_STANDBY_REPLICAS = "group.streams.num.standby.replicas";
    public static final String STREAMS_GROUP_MAX_STANDBY_REPLICAS = "group.streams.max.standby.replicas";
    public static final String STREAMS_GROUP_ACCEPTABLE_RECOVERY_LAG = "group.streams.acceptable.recovery.lag";
    public static final String STREAMS_GROUP_TASK_OFFSET_INTERVAL_MS = "group.streams.task.offset.interval.ms";
    public static final String STREAMS_GROUP_INITIAL_REBALANCE_DELAY_MS = "group.streams.initial.rebalance.delay.ms";
    public static final String STREAMS_GROUP_RACK_AWARE_ASSIGNMENT_TAGS = "group.streams.rack.aware.assignment.tags";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(NODE_ID, INT, 1, atLeast(0), HIGH, "The id of this broker in metadata responses.")
            .define(TRANSACTION_VERSION, INT, MAX_TRANSACTION_VERSION, between(1, MAX_TRANSACTION_VERSION), HIGH,
                    "The transaction.version feature level finalized until UpdateFeatures changes it (1: the "
                            + "client adds partitions and keeps its epoch; 2: KIP-890 epoch bump per transaction).")
            .define(LISTENERS, STRING, "PLAINTEXT://127.0.0.1:9092", HIGH,
                    "Where the broker listens: comma-separated NAME://host:port entries (port 0 picks a free port).")
            .define(ADVERTISED_LISTENERS, STRING, null, HIGH,
                    "The addresses given to clients in metadata, NAME://host:port by listener name; a listener "
                            + "not named here advertises its bound address.")
            .define(LISTENER_SECURITY_PROTOCOL_MAP, STRING,
                    "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL", LOW,
                    "The security protocol of each listener name, NAME:PROTOCOL pairs.")
            .define(LOG_DIRS, STRING, null, HIGH, "The directory holding the partition logs (overrides log.dir).")
            .define(LOG_DIR, STRING, "./lanes-data", HIGH, "The directory holding the partition logs.")
            .define(NUM_PARTITIONS, INT, 1, atLeast(1), MEDIUM, "Partitions of an auto-created topic.")
            .define(DEFAULT_REPLICATION_FACTOR, INT, 1, between(1, 1), MEDIUM,
                    "Replication factor of auto-created topics; always 1 on a single node.")
            .define(AUTO_CREATE_TOPICS_ENABLE, BOOLEAN, true, HIGH,
                    "Create a topic when a client asks for its metadata and it does not exist.")
            .define(DELETE_TOPIC_ENABLE, BOOLEAN, true, HIGH, "Allow DeleteTopics.")
            .define(QUOTA_WINDOW_NUM, INT, 11, atLeast(1), LOW,
                    "The number of samples kept in memory for client quotas.")
            .define(QUOTA_WINDOW_SIZE_SECONDS, INT, 1, atLeast(1), LOW,
                    "The time span of each sample for client quotas.")
            .define(SOCKET_REQUEST_MAX_BYTES, INT, 104857600, atLeast(1), HIGH,
                    "The largest request frame accepted; a larger one closes the connection.")
            .define("message.max.bytes", INT, 1048588, atLeast(0), HIGH,
                    "The largest record batch accepted (topic-level max.message.bytes).")
            .define("log.segment.bytes", INT, 1073741824, atLeast(14), HIGH, "Size of one log segment.")
            .define("log.roll.ms", LONG, null, HIGH, "Age after which a new segment is rolled.")
            .define("log.roll.hours", INT, 168, atLeast(1), HIGH, "Age in hours after which a new segment is rolled.")
            .define("log.roll.jitter.ms", LONG, null, HIGH, "Largest random jitter subtracted from the roll time.")
            .define("log.roll.jitter.hours", INT, 0, atLeast(0), HIGH,
                    "Largest random jitter subtracted from the roll time, in hours.")
            .define("log.retention.ms", LONG, null, HIGH, "How long to keep a segment.")
            .define("log.retention.minutes", INT, null, HIGH, "How long to keep a segment, in minutes.")
            .define("log.retention.hours", INT, 168, HIGH, "How long to keep a segment, in hours.")
            .define("log.retention.bytes", LONG, -1L, HIGH, "Size per partition above which old segments are deleted.")
            .define(LOG_RETENTION_CHECK_INTERVAL_MS, LONG, 300000L, atLeast(1), MEDIUM,
                    "How often retention is checked.")
            .define("log.index.interval.bytes", INT, 4096, atLeast(0), MEDIUM, "Bytes between offset index entries.")
            .define("log.index.size.max.bytes", INT, 10485760, atLeast(4), MEDIUM, "Size of an offset index file.")
            .define("log.flush.interval.messages", LONG, Long.MAX_VALUE, atLeast(1), HIGH,
                    "page-cache mode: messages between flushes.")
            .define("log.flush.interval.ms", LONG, null, HIGH, "page-cache mode: milliseconds between flushes.")
            .define("log.flush.scheduler.interval.ms", LONG, Long.MAX_VALUE, HIGH,
                    "page-cache mode: milliseconds between flushes when log.flush.interval.ms is not set.")
            .define("log.cleanup.policy", LIST, "delete", ConfigDef.ValidList.in("compact", "delete"), MEDIUM,
                    "The default cleanup policy of topics: delete, compact or both.")
            .define("log.cleaner.delete.retention.ms", LONG, 86400000L, atLeast(0), MEDIUM,
                    "How long tombstones are kept in compacted topics.")
            .define("log.cleaner.min.compaction.lag.ms", LONG, 0L, atLeast(0), MEDIUM,
                    "The minimum time a record stays uncompacted.")
            .define("log.cleaner.max.compaction.lag.ms", LONG, Long.MAX_VALUE, atLeast(1), MEDIUM,
                    "The maximum time a record stays ineligible for compaction.")
            .define("log.cleaner.min.cleanable.ratio", DOUBLE, 0.5, between(0, 1), MEDIUM,
                    "The minimum ratio of dirty log to total log for a log to be compacted.")
            .define(CleanerConfig.ENABLE, BOOLEAN, true, MEDIUM,
                    "Whether the log cleaner compacts topics whose cleanup.policy contains compact.")
            .define(CleanerConfig.THREADS, INT, 1, atLeast(0), MEDIUM,
                    "The number of log cleaner threads (0: no cleaning).")
            .define(CleanerConfig.DEDUPE_BUFFER_SIZE, LONG, 128L * 1024 * 1024, MEDIUM,
                    "Memory for the cleaners' key-to-offset maps, shared by all cleaner threads (at least 1 MiB each).")
            .define(CleanerConfig.IO_BUFFER_SIZE, INT, 512 * 1024, atLeast(0), MEDIUM,
                    "Bytes a cleaner thread reads from a segment at a time.")
            .define(CleanerConfig.IO_BUFFER_LOAD_FACTOR, DOUBLE, 0.9, MEDIUM,
                    "How full a cleaner's key-to-offset map may get.")
            .define(CleanerConfig.IO_MAX_BYTES_PER_SECOND, DOUBLE, Double.MAX_VALUE, MEDIUM,
                    "The cleaners' combined read plus write rate limit, in bytes per second.")
            .define(CleanerConfig.BACKOFF_MS, LONG, 15000L, atLeast(0), MEDIUM,
                    "How long a cleaner thread sleeps when no log needs cleaning.")
            .define("log.segment.delete.delay.ms", LONG, 60000L, atLeast(0), MEDIUM,
                    "The time to wait before deleting a file from the file system.")
            .define("log.preallocate", BOOLEAN, false, MEDIUM, "Preallocate segment files (accepted, not used).")
            .define("log.message.timestamp.type", STRING, "CreateTime",
                    ConfigDef.ValidString.in("CreateTime", "LogAppendTime"), MEDIUM, "CreateTime or LogAppendTime.")
            .define("log.message.timestamp.before.max.ms", LONG, Long.MAX_VALUE, atLeast(0), MEDIUM,
                    "How far in the past a record timestamp may be.")
            .define("log.message.timestamp.after.max.ms", LONG, 3600000L, atLeast(0), MEDIUM,
                    "How far in the future a record timestamp may be.")
            .define("log.local.retention.ms", LONG, -2L, atLeast(-2), MEDIUM,
                    "Tiered storage only (accepted, not used): local retention time.")
            .define("log.local.retention.bytes", LONG, -2L, atLeast(-2), MEDIUM,
                    "Tiered storage only (accepted, not used): local retention size.")
            .define("max.decompressed.message.bytes", INT, Integer.MAX_VALUE - 8, between(1, Integer.MAX_VALUE - 8), MEDIUM,
                    "Accepted, not enforced yet: the largest decompressed record.")
            .define("log.remote.copy.lag.ms", LONG, 0L, atLeast(-1), MEDIUM,
                    "Tiered storage only (accepted, not used): time before a segment may be uploaded.")
            .define("log.remote.copy.lag.bytes", LONG, -1L, atLeast(-1), MEDIUM,
                    "Tiered storage only (accepted, not used): newer bytes before a segment may be uploaded.")
            .define("compression.type", STRING, "producer", HIGH, "Compression of stored batches.")
            .define("compression.gzip.level", INT, -1, MEDIUM, "The gzip level used when compression.type is gzip.")
            .define("compression.lz4.level", INT, 9, between(1, 17), MEDIUM,
                    "The lz4 level used when compression.type is lz4.")
            .define("compression.zstd.level", INT, 3, between(-131072, 22), MEDIUM,
                    "The zstd level used when compression.type is zstd.")
            .define("min.insync.replicas", INT, 1, atLeast(1), MEDIUM,
                    "The default minimum in-sync replicas for acks=all; always met on a single node.")
            .define("unclean.leader.election.enable", BOOLEAN, false, MEDIUM,
                    "Accepted for compatibility; a single node has no other replica to elect.")
            .define("transaction.state.log.num.partitions", INT, 50, atLeast(1), HIGH,
                    "Partitions of __transaction_state (created with the first transaction).")
            .define("transaction.state.log.segment.bytes", INT, 104857600, atLeast(1), HIGH,
                    "Segment size of __transaction_state.")
            .define("transaction.state.log.replication.factor", ConfigDef.Type.SHORT, (short) 3, atLeast(1), HIGH,
                    "Accepted for compatibility; a single node keeps one copy.")
            .define("transaction.max.timeout.ms", INT, 900000, atLeast(1), HIGH,
                    "The longest transaction.timeout.ms a producer may ask for.")
            .define("transaction.abort.timed.out.transaction.cleanup.interval.ms", INT, 10000, atLeast(1), LOW,
                    "How often transactions past their timeout are aborted.")
            .define("transactional.id.expiration.ms", INT, 604800000, atLeast(1), HIGH,
                    "How long an idle transactional id is remembered.")
            .define("transaction.remove.expired.transaction.cleanup.interval.ms", INT, 3600000, atLeast(1), LOW,
                    "How often expired transactional ids are removed.")
            .define(DURABILITY, STRING, "fsync", ConfigDef.ValidString.in("fsync", "page-cache"), HIGH,
                    "fsync: acks=all is answered after the data is on disk (group commit); "
                            + "page-cache: Kafka's behaviour, flushed by log.flush.interval.*")
            .define(HTTP_PORT, INT, DEFAULT_HTTP_PORT, between(0, 65535), HIGH,
                    "The port of the broker's HTTP side (/metrics, JSON endpoints, dashboard), on the listener's "
                            + "host; 0 turns it off. Left at its default and taken, the broker runs without it.")
            .define(METRICS_ENABLED, BOOLEAN, true, MEDIUM,
                    "Count traffic, requests, flushes and hot keys (false leaves only JVM and coordinator figures).")
            .define(HOTKEYS_SAMPLE_EVERY, INT, 16, atLeast(0), LOW,
                    "Hot keys: read the keys of one produce batch in this many per partition (0 turns sampling off).")
            .define(HOTKEYS_WINDOW_MS, LONG, 60000L, atLeast(1000), LOW,
                    "Hot keys: the sliding window the shares are computed over.")
            .define(MAX_PARTITIONS, INT, 10000, atLeast(1), MEDIUM,
                    "Most partitions this broker hosts; requests beyond it fail with INVALID_PARTITIONS.")
            .define("group.initial.rebalance.delay.ms", INT, 3000, atLeast(0), MEDIUM,
                    "How long the first rebalance of an empty group waits for more members to join.")
            .define("group.min.session.timeout.ms", INT, 6000, atLeast(1), MEDIUM,
                    "The smallest session timeout a group member may ask for.")
            .define("group.max.session.timeout.ms", INT, 1800000, atLeast(1), MEDIUM,
                    "The largest session timeout a group member may ask for.")
            .define("group.max.size", INT, Integer.MAX_VALUE, atLeast(1), MEDIUM, "The most members of one group.")
            .define(CONSUMER_GROUP_SESSION_TIMEOUT_MS, INT, 45000, atLeast(1), MEDIUM,
                    "The timeout to detect client failures when using the consumer group protocol.")
            .define(CONSUMER_GROUP_MIN_SESSION_TIMEOUT_MS, INT, 45000, atLeast(1), MEDIUM,
                    "The minimum allowed session timeout for registered consumers.")
            .define(CONSUMER_GROUP_MAX_SESSION_TIMEOUT_MS, INT, 60000, atLeast(1), MEDIUM,
                    "The maximum allowed session timeout for registered consumers.")
            .define(CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS, INT, 5000, atLeast(1), MEDIUM,
                    "The heartbeat interval given to the members of a consumer group.")
            .define(CONSUMER_GROUP_MIN_HEARTBEAT_INTERVAL_MS, INT, 5000, atLeast(1), MEDIUM,
                    "The minimum heartbeat interval for registered consumers.")
            .define(CONSUMER_GROUP_MAX_HEARTBEAT_INTERVAL_MS, INT, 15000, atLeast(1), MEDIUM,
                    "The maximum heartbeat interval for registered consumers.")
            .define(CONSUMER_GROUP_MAX_SIZE, INT, Integer.MAX_VALUE, atLeast(1), MEDIUM,
                    "The most members of one consumer group (the consumer protocol; group.max.size is for "
                            + "classic groups).")
            .define(CONSUMER_GROUP_ASSIGNORS, LIST, List.of("uniform", "range"), BrokerConfig::validateAssignors,
                    MEDIUM, "The server-side assignors, by name (uniform, range) or Kafka's class names of them; the "
                            + "first is the default for members that do not ask for one.")
            .define(REBALANCE_PROTOCOLS, LIST, List.of("classic", "consumer", "streams"),
                    ConfigDef.ValidList.in("classic", "consumer", "streams", "share"), MEDIUM,
                    "The enabled rebalance protocols (Kafka's default: classic, consumer, streams). Classic and "
                            + "consumer groups are always served; the Streams group APIs (KIP-1071) are served and "
                            + "advertised only when this lists streams.")
            .define(STREAMS_GROUP_SESSION_TIMEOUT_MS, INT, 45000, atLeast(1), MEDIUM,
                    "The timeout to detect client failures when using the streams group protocol.")
            .define(STREAMS_GROUP_MIN_SESSION_TIMEOUT_MS, INT, 45000, atLeast(1), MEDIUM,
                    "The minimum allowed value for the streams session timeout.")
            .define(STREAMS_GROUP_MAX_SESSION_TIMEOUT_MS, INT, 60000, atLeast(1), MEDIUM,
                    "The maximum allowed value for the streams session timeout.")
            .define(STREAMS_GROUP_HEARTBEAT_INTERVAL_MS, INT, 5000, atLeast(1), MEDIUM,
                    "The heartbeat interval given to the members of a streams group.")
            .define(STREAMS_GROUP_MIN_HEARTBEAT_INTERVAL_MS, INT, 5000, atLeast(1), MEDIUM,
                    "The minimum allowed value for the streams heartbeat interval.")
            .define(STREAMS_GROUP_MAX_HEARTBEAT_INTERVAL_MS, INT, 15000, atLeast(1), MEDIUM,
                    "The maximum allowed value for the streams heartbeat interval.")
            .define(STREAMS_GROUP_MAX_SIZE, INT, Integer.MAX_VALUE, atLeast(1), MEDIUM,
                    "The maximum number of streams clients that a single streams group can accommodate.")
            .define(STREAMS_GROUP_NUM_STANDBY_REPLICAS, INT, 0, atLeast(0), MEDIUM,
                    "The number of standby replicas for each task.")
            .define(STREAMS_GROUP_MAX_STANDBY_REPLICAS, INT, 2, atLeast(0), MEDIUM,
                    "The maximum allowed value for the number of standby replicas.")
            .define(STREAMS_GROUP_ACCEPTABLE_RECOVERY_LAG, ConfigDef.Type.LONG, 10000L, atLeast(0), MEDIUM,
                    "The maximum acceptable lag (number of offsets to catch up) for a client to be considered "
                            + "caught-up enough to receive an active task assignment.")
            .define(STREAMS_GROUP_TASK_OFFSET_INTERVAL_MS, INT, 60000, atLeast(1), MEDIUM,
                    "The interval in which the task changelog offsets on a client are updated on the broker.")
            .define(STREAMS_GROUP_INITIAL_REBALANCE_DELAY_MS, INT, 3000, atLeast(0), MEDIUM,
                    "The amount of time the group coordinator will wait for more streams clients to join a new "
                            + "group before performing the first rebalance. A longer delay means potentially fewer "
                            + "rebalances.")
            .define(STREAMS_GROUP_RACK_AWARE_ASSIGNMENT_TAGS, LIST, "",
                    ConfigDef.ValidList.anyNonDuplicateValues(true, false), LOW,
                    "List of client tag keys every streams group member must send (members that do not are told "
                            + "MISSING_CLIENT_TAGS). Lanes does not place standby tasks by these tags.")
            .define("offsets.topic.num.partitions", INT, 50, atLeast(1), HIGH,
                    "Partitions of __consumer_offsets (fixed once the topic exists).")
            .define("offsets.topic.segment.bytes", INT, 104857600, atLeast(1), HIGH,
                    "Segment size of __consumer_offsets.")
            .define("offsets.topic.replication.factor", ConfigDef.Type.SHORT, (short) 3, atLeast(1), HIGH,
                    "Accepted for compatibility; __consumer_offsets has one replica on a single node.")
            .define("offset.metadata.max.bytes", INT, 4096, atLeast(0), HIGH,
                    "The longest metadata string an offset commit may carry.")
            .define("offsets.retention.minutes", INT, 10080, atLeast(1), HIGH,
                    "How long the offsets of a group without members are kept.")
            .define("offsets.retention.check.interval.ms", LONG, 600000L, atLeast(1), HIGH,
                    "How often expired offsets are removed.")
            .define(TELEMETRY_MAX_BYTES, INT, 1048576, atLeast(1), LOW,
                    "The largest metrics payload a client may push (KIP-714).");

    private final Map<String, String> staticOriginals;
    private final Map<String, String> dynamicDefaults;
    private final Map<String, String> dynamicNode;
    private final Map<String, String> originals;
    private final Map<String, Object> values;

    private BrokerConfig(Map<String, String> staticOriginals, Map<String, String> dynamicDefaults,
                         Map<String, String> dynamicNode) {
        this.staticOriginals = Collections.unmodifiableMap(new LinkedHashMap<>(staticOriginals));
        this.dynamicDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(dynamicDefaults));
        this.dynamicNode = Collections.unmodifiableMap(new LinkedHashMap<>(dynamicNode));
        Map<String, String> merged = new LinkedHashMap<>(staticOriginals);
        merged.putAll(dynamicDefaults);
        merged.putAll(dynamicNode);
        this.originals = Collections.unmodifiableMap(merged);
        this.values = DEFINITION.parse(this.originals);
        validateConsumerGroupTimeouts();
    }

    /** Kafka's checks of the consumer group timeouts against their bounds, made at start-up. */
    private void validateConsumerGroupTimeouts() {
        requireWithin(CONSUMER_GROUP_SESSION_TIMEOUT_MS, CONSUMER_GROUP_MIN_SESSION_TIMEOUT_MS,
                CONSUMER_GROUP_MAX_SESSION_TIMEOUT_MS);
        requireWithin(CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS, CONSUMER_GROUP_MIN_HEARTBEAT_INTERVAL_MS,
                CONSUMER_GROUP_MAX_HEARTBEAT_INTERVAL_MS);
        if (intValue(CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS) >= intValue(CONSUMER_GROUP_SESSION_TIMEOUT_MS)) {
            throw new ConfigException(CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS + " must be less than "
                    + CONSUMER_GROUP_SESSION_TIMEOUT_MS);
        }
        requireWithin(STREAMS_GROUP_SESSION_TIMEOUT_MS, STREAMS_GROUP_MIN_SESSION_TIMEOUT_MS,
                STREAMS_GROUP_MAX_SESSION_TIMEOUT_MS);
        requireWithin(STREAMS_GROUP_HEARTBEAT_INTERVAL_MS, STREAMS_GROUP_MIN_HEARTBEAT_INTERVAL_MS,
                STREAMS_GROUP_MAX_HEARTBEAT_INTERVAL_MS);
        if (intValue(STREAMS_GROUP_NUM_STANDBY_REPLICAS) > intValue(STREAMS_GROUP_MAX_STANDBY_REPLICAS)) {
            throw new ConfigException(STREAMS_GROUP_NUM_STANDBY_REPLICAS + " must be less than or equal to "
                    + STREAMS_GROUP_MAX_STANDBY_REPLICAS);
        }
    }

    private void requireWithin(String key, String minKey, String maxKey) {
        if (intValue(maxKey) < intValue(minKey)) {
            throw new ConfigException(maxKey + " must be greater than or equal to " + minKey);
        }
        if (intValue(key) < intValue(minKey)) {
            throw new ConfigException(key + " must be greater than or equal to " + minKey);
        }
        if (intValue(key) > intValue(maxKey)) {
            throw new ConfigException(key + " must be less than or equal to " + maxKey);
        }
    }

    private int intValue(String key) {
        return (Integer) values.get(key);
    }

    private static void validateAssignors(String key, Object value) {
        List<?> names = (List<?>) value;
        if (names == null || names.isEmpty()) {
            throw new ConfigException(key, value, "at least one assignor is required");
        }
        for (Object name : names) {
            if (ConsumerGroupConfig.assignorName(name.toString()) == null) {
                throw new ConfigException(key, value, "Lanes has the uniform and range assignors");
            }
        }
    }

    /** The consumer (KIP-848) group settings: group.consumer.*. */
    public ConsumerGroupConfig consumerGroupConfig() {
        List<String> assignors = ((List<?>) values.get(CONSUMER_GROUP_ASSIGNORS)).stream()
                .map(name -> ConsumerGroupConfig.assignorName(name.toString())).distinct().toList();
        return new ConsumerGroupConfig(intValue(CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS),
                intValue(CONSUMER_GROUP_SESSION_TIMEOUT_MS), intValue(CONSUMER_GROUP_MAX_SIZE), assignors);
    }

    /** The streams group (KIP-1071) settings. */
    public StreamsGroupConfig streamsGroupConfig() {
        return new StreamsGroupConfig(intValue(STREAMS_GROUP_SESSION_TIMEOUT_MS),
                intValue(STREAMS_GROUP_HEARTBEAT_INTERVAL_MS), intValue(STREAMS_GROUP_MAX_SIZE),
                intValue(STREAMS_GROUP_NUM_STANDBY_REPLICAS), (Long) values.get(STREAMS_GROUP_ACCEPTABLE_RECOVERY_LAG),
                intValue(STREAMS_GROUP_TASK_OFFSET_INTERVAL_MS), intValue(STREAMS_GROUP_INITIAL_REBALANCE_DELAY_MS),
                ((List<?>) values.get(STREAMS_GROUP_RACK_AWARE_ASSIGNMENT_TAGS)).stream().map(Object::toString)
                        .toList(),
                // Kafka's group.streams.assignment.interval.ms is a dynamic broker config, which Lanes cannot change
                // at run time yet: its default applies
                StreamsGroupConfig.DEFAULT_ASSIGNMENT_INTERVAL_MS);
    }

    /** True when group.coordinator.rebalance.protocols enables the Streams group protocol. */
    public boolean streamsGroupsEnabled() {
        return ((List<?>) values.get(REBALANCE_PROTOCOLS)).contains("streams");
    }

    /** The classic group and offset settings, for a coordinator sharded over {@code partitions}. */
    public GroupConfig groupConfig(int partitions) {
        return new GroupConfig(partitions, intValue("group.initial.rebalance.delay.ms"),
                intValue("group.min.session.timeout.ms"), intValue("group.max.session.timeout.ms"),
                intValue("group.max.size"), GroupConfig.defaults().newMemberJoinTimeoutMs(),
                intValue("offset.metadata.max.bytes"), intValue("offsets.retention.minutes") * 60_000L,
                (Long) values.get("offsets.retention.check.interval.ms"));
    }

    /** The transaction coordinator's settings, for a coordinator sharded over {@code partitions}. */
    public TransactionConfig transactionConfig(int partitions) {
        return new TransactionConfig(partitions, intValue("transaction.max.timeout.ms"),
                intValue("transaction.abort.timed.out.transaction.cleanup.interval.ms"),
                intValue("transactional.id.expiration.ms"),
                intValue("transaction.remove.expired.transaction.cleanup.interval.ms"));
    }

    /**
     * Parses broker properties.
     *
     * @throws ConfigException if a known key has a value of the wrong type or range
     */
    public static BrokerConfig from(Map<String, String> props) {
        Map<String, String> copy = new LinkedHashMap<>(props);
        if (copy.containsKey("broker.id") && !copy.containsKey(NODE_ID)) {
            copy.put(NODE_ID, copy.get("broker.id"));
        }
        return new BrokerConfig(copy, Map.of(), Map.of());
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    /** A copy of this config with {@code overrides} applied on top of the static config. */
    public BrokerConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(staticOriginals);
        merged.putAll(overrides);
        return new BrokerConfig(merged, dynamicDefaults, dynamicNode);
    }

    /**
     * This static config with dynamic broker configs on top, as Kafka layers them: the static
     * config, then the cluster-wide dynamic defaults, then the dynamic configs of this node.
     *
     * @throws ConfigException if a dynamic value has the wrong type or range
     */
    public BrokerConfig withDynamic(Map<String, String> clusterDefaults, Map<String, String> node) {
        return new BrokerConfig(staticOriginals, clusterDefaults, node);
    }

    /** Every key set, static and dynamic, with the value in force (dynamic ones win). */
    public Map<String, String> originals() {
        return originals;
    }

    /** The keys set in the static configuration (server.properties or the embedding code). */
    public Map<String, String> staticOriginals() {
        return staticOriginals;
    }

    /** The cluster-wide dynamic broker configs (AlterConfigs on the BROKER resource ""). */
    public Map<String, String> dynamicDefaultConfigs() {
        return dynamicDefaults;
    }

    /** The dynamic broker configs of this node (AlterConfigs on the BROKER resource named by the node id). */
    public Map<String, String> dynamicNodeConfigs() {
        return dynamicNode;
    }

    /** The resolved value of every known key, defaults included. */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    public int transactionVersion() {
        return intValue(TRANSACTION_VERSION);
    }

    public int nodeId() {
        return (Integer) values.get(NODE_ID);
    }

    /** The first of {@link #listeners()}: where the HTTP side binds and what a bare host/port option edits. */
    public Listener listener() {
        return listeners().get(0);
    }

    /** Every listener, in the order of {@code listeners}. */
    public List<Listener> listeners() {
        return ListenerParser.parse(LISTENERS, (String) values.get(LISTENERS), securityProtocolMap());
    }

    /** The advertised address of each listener named in {@code advertised.listeners}, by listener name. */
    public Map<String, Listener> advertisedListeners() {
        String advertised = (String) values.get(ADVERTISED_LISTENERS);
        Map<String, Listener> byName = new LinkedHashMap<>();
        if (advertised != null && !advertised.isBlank()) {
            List<String> names = listeners().stream().map(Listener::name).toList();
            for (Listener l : ListenerParser.parse(ADVERTISED_LISTENERS, advertised, securityProtocolMap())) {
                if (!names.contains(l.name())) {
                    throw new ConfigException(ADVERTISED_LISTENERS, advertised,
                            "listener " + l.name() + " is not in " + LISTENERS);
                }
                byName.put(l.name(), l);
            }
        }
        return byName;
    }

    /** {@code listener.security.protocol.map}: the security protocol of each listener name. */
    public Map<String, SecurityProtocol> securityProtocolMap() {
        return ListenerParser.protocolMap(LISTENER_SECURITY_PROTOCOL_MAP,
                (String) values.get(LISTENER_SECURITY_PROTOCOL_MAP));
    }

    /**
     * Every key set, with the listener's own {@code listener.name.<name>.*} settings (name in lower
     * case, as Kafka's {@code ListenerName.configPrefix}) replacing the unprefixed ones, as Kafka
     * gives a listener its settings.
     */
    public Map<String, String> listenerOriginals(String listenerName) {
        String prefix = "listener.name." + listenerName.toLowerCase(java.util.Locale.ROOT) + ".";
        Map<String, String> result = new LinkedHashMap<>(originals);
        originals.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                result.put(key.substring(prefix.length()), value);
            }
        });
        return result;
    }

    public List<Path> logDirs() {
        String dirs = (String) values.get(LOG_DIRS);
        if (dirs == null || dirs.isBlank()) {
            dirs = (String) values.get(LOG_DIR);
        }
        List<Path> paths = new ArrayList<>();
        for (String dir : dirs.split(",")) {
            if (!dir.isBlank()) {
                paths.add(Path.of(dir.trim()));
            }
        }
        if (paths.size() != 1) {
            throw new ConfigException(LOG_DIRS, dirs, "Lanes keeps its data in exactly one directory");
        }
        return paths;
    }

    public int numPartitions() {
        return (Integer) values.get(NUM_PARTITIONS);
    }

    public boolean autoCreateTopics() {
        return (Boolean) values.get(AUTO_CREATE_TOPICS_ENABLE);
    }

    public boolean deleteTopicEnable() {
        return (Boolean) values.get(DELETE_TOPIC_ENABLE);
    }

    /** KIP-714: the largest PushTelemetry payload, compressed or decompressed. */
    public int telemetryMaxBytes() {
        return (Integer) values.get(TELEMETRY_MAX_BYTES);
    }

    /** Client quotas measure rates over {@code quota.window.num} samples of {@code quota.window.size.seconds} each. */
    public int quotaWindowNum() {
        return (Integer) values.get(QUOTA_WINDOW_NUM);
    }

    public int quotaWindowSizeSeconds() {
        return (Integer) values.get(QUOTA_WINDOW_SIZE_SECONDS);
    }

    public int socketRequestMaxBytes() {
        return (Integer) values.get(SOCKET_REQUEST_MAX_BYTES);
    }

    /** The log cleaner settings ({@code log.cleaner.*}); {@code log.cleaner.threads=0} turns cleaning off. */
    public CleanerConfig cleanerConfig() {
        CleanerConfig c = CleanerConfig.from(values);
        int threads = (Integer) values.get(CleanerConfig.THREADS);
        if (threads == 0) {
            return new CleanerConfig(false, 1, c.dedupeBufferSize(), c.ioBufferLoadFactor(), c.ioBufferSize(),
                    c.maxIoBytesPerSecond(), c.backoffMs());
        }
        return c;
    }

    public long retentionCheckIntervalMs() {
        return (Long) values.get(LOG_RETENTION_CHECK_INTERVAL_MS);
    }

    public int maxPartitions() {
        return (Integer) values.get(MAX_PARTITIONS);
    }

    /** The HTTP side's port, 0 when it is off. */
    public int httpPort() {
        return (Integer) values.get(HTTP_PORT);
    }

    /** True when {@code lanes.http.port} was set explicitly (then a port that cannot be bound fails start-up). */
    public boolean httpPortExplicit() {
        return originals.containsKey(HTTP_PORT);
    }

    public boolean metricsEnabled() {
        return (Boolean) values.get(METRICS_ENABLED);
    }

    public int hotKeysSampleEvery() {
        return (Integer) values.get(HOTKEYS_SAMPLE_EVERY);
    }

    public long hotKeysWindowMs() {
        return (Long) values.get(HOTKEYS_WINDOW_MS);
    }

    public Durability durability() {
        return "page-cache".equals(values.get(DURABILITY)) ? Durability.PAGE_CACHE : Durability.FSYNC;
    }

    /**
     * The topic-level defaults this broker config sets, by topic config name (for example
     * {@code log.segment.bytes=1024} gives {@code segment.bytes=1024}), each from its
     * highest-precedence synonym that is set ({@link ConfigSynonyms}). Keys that are not set
     * explicitly are left out, so Kafka's topic defaults apply.
     */
    public Map<String, String> topicDefaults() {
        Map<String, String> defaults = new HashMap<>();
        ConfigSynonyms.all().forEach((topicKey, synonyms) -> {
            for (ConfigSynonyms.Synonym synonym : synonyms) {
                String brokerKey = synonym.brokerConfig();
                Object value = values.get(brokerKey);
                if (originals.containsKey(brokerKey) && value != null) {
                    ConfigDef.Type type = DEFINITION.configKeys().get(brokerKey).type;
                    defaults.put(topicKey, synonym.toTopicValue(ConfigDef.convertToString(value, type)));
                    return;
                }
            }
        });
        return defaults;
    }

    /** The resolved topic-level default config of this broker. */
    public LogConfig defaultLogConfig() {
        return LogConfig.from(topicDefaults(), Map.of());
    }

    /**
     * One entry of {@code listeners} or {@code advertised.listeners}: {@code NAME://host:port}.
     *
     * @param name     the listener name, upper case (Kafka's {@code ListenerName})
     * @param protocol the security protocol {@code listener.security.protocol.map} gives the name
     * @param host     the host; an empty host in the config means every interface ({@code 0.0.0.0})
     * @param port     the port, 0 for a free one
     */
    public record Listener(String name, SecurityProtocol protocol, String host, int port) {
    }
}
