package io.lanes.broker.share;

import io.lanes.broker.metadata.EntityConfigsFile;
import io.lanes.coordinator.share.AcquireMode;
import io.lanes.coordinator.share.ShareOrdering;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The configs set on groups (GROUP config resources, KIP-848 / KIP-932), as IncrementalAlterConfigs sets them and
 * DescribeConfigs shows them. Lanes knows the share group configs: Kafka's {@code share.auto.offset.reset} (latest |
 * earliest), {@code share.record.lock.duration.ms}, {@code share.delivery.count.limit}, {@code share.isolation.level}
 * (read_uncommitted | read_committed), {@code share.acquire.mode} (KIP-1206), the dead-letter queue's
 * {@code errors.deadletterqueue.topic.name} (blank: none; not starting with {@code __}) and
 * {@code errors.deadletterqueue.copy.record.enable} (KIP-1191), and Lanes' {@code lanes.share.ordering}
 * (none | key). Another name is INVALID_CONFIG. A group's configs may be set before the group exists, as in Kafka.
 *
 * <p>Durable format: {@code <data dir>/.lanes/group-configs.properties}, one entry {@code <config>/<group>=<value>}
 * per set config (config names hold no '/'), replaced atomically on every change.
 *
 * <p>Thread-safe: changes are serialized on this object; readers see a consistent snapshot.
 */
public final class GroupConfigStore {
    private static final Logger log = LoggerFactory.getLogger(GroupConfigStore.class);
    public static final String FILE_NAME = "group-configs.properties";
    public static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    public static final String LOCK_DURATION_MS = "share.record.lock.duration.ms";
    public static final String DELIVERY_COUNT_LIMIT = "share.delivery.count.limit";
    public static final String ISOLATION_LEVEL = "share.isolation.level";
    public static final String DLQ_TOPIC_NAME = "errors.deadletterqueue.topic.name";
    public static final String DLQ_COPY_RECORD_ENABLE = "errors.deadletterqueue.copy.record.enable";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(AUTO_OFFSET_RESET, ConfigDef.Type.STRING, "latest", ConfigDef.ValidString.in("latest", "earliest"),
                    ConfigDef.Importance.MEDIUM, "Where a share group starts reading a partition it has no state for.")
            .define(LOCK_DURATION_MS, ConfigDef.Type.INT, 30_000, ConfigDef.Range.between(1_000, 3_600_000),
                    ConfigDef.Importance.MEDIUM, "How long a share group member holds a record it acquired.")
            .define(DELIVERY_COUNT_LIMIT, ConfigDef.Type.INT, 5, ConfigDef.Range.between(2, 10),
                    ConfigDef.Importance.MEDIUM, "Deliveries after which a record that comes back is archived.")
            .define(ISOLATION_LEVEL, ConfigDef.Type.STRING, "read_uncommitted",
                    ConfigDef.ValidString.in("read_uncommitted", "read_committed"), ConfigDef.Importance.MEDIUM,
                    "read_committed: a share group reads up to the last stable offset and skips aborted transactions.")
            .define(DLQ_TOPIC_NAME, ConfigDef.Type.STRING, "", GroupConfigStore::validateDlqTopicName,
                    ConfigDef.Importance.MEDIUM, "The share group's dead-letter queue topic; blank: none.")
            .define(DLQ_COPY_RECORD_ENABLE, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.MEDIUM,
                    "Whether a dead-lettered record's key and value are copied, or only its context headers written.")
            .define(AcquireMode.CONFIG, ConfigDef.Type.STRING, AcquireMode.BATCH_OPTIMIZED.configValue(),
                    ConfigDef.ValidString.in("batch_optimized", "record_limit"), ConfigDef.Importance.LOW,
                    "Whether a share fetch may exceed its max records to end at a batch boundary.")
            .define(ShareOrdering.CONFIG, ConfigDef.Type.STRING, ShareOrdering.NONE.configValue(),
                    ConfigDef.ValidString.in("none", "key"), ConfigDef.Importance.MEDIUM,
                    "key: at most one record of a key is acquired at a time, in offset order (Lanes).");

    private final Path file;
    private volatile Map<String, Map<String, String>> configs;

    private GroupConfigStore(Path file, Map<String, Map<String, String>> configs) {
        this.file = file;
        this.configs = Collections.unmodifiableMap(configs);
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(".lanes").resolve(FILE_NAME);
    }

    /** Loads the group configs stored in {@code dataDir} (none if the file does not exist). */
    public static GroupConfigStore open(Path dataDir) {
        Path file = file(dataDir);
        Map<String, Map<String, String>> configs = EntityConfigsFile.read(file, (group, set) -> validate(set));
        return new GroupConfigStore(file, configs);
    }

    /** The groups that have configs set, by name. */
    public java.util.List<String> groupIds() {
        return java.util.List.copyOf(configs.keySet());
    }

    /** The configs set on a group (empty if none). */
    public Map<String, String> configs(String groupId) {
        return configs.getOrDefault(groupId, Map.of());
    }

    /**
     * Replaces a group's set configs with what {@code change} makes of them, validated and, unless
     * {@code validateOnly}, stored durably before they take effect.
     *
     * @throws InvalidConfigurationException for an unknown name or an invalid value
     */
    public synchronized void alter(String groupId, UnaryOperator<Map<String, String>> change, boolean validateOnly) {
        Map<String, String> updated = new TreeMap<>(change.apply(new TreeMap<>(configs(groupId))));
        validate(updated);
        if (validateOnly) {
            return;
        }
        Map<String, Map<String, String>> next = new TreeMap<>(configs);
        if (updated.isEmpty()) {
            next.remove(groupId);
        } else {
            next.put(groupId, Collections.unmodifiableMap(updated));
        }
        EntityConfigsFile.write(file, next, "Lanes group configs (<config>/<group>=<value>)");
        configs = Collections.unmodifiableMap(next);
        log.info("Configs of group {} are now {}", groupId, updated);
    }

    /** Kafka's GroupConfig check: internal topic names are not dead-letter queues. */
    private static void validateDlqTopicName(String name, Object value) {
        if (value != null && ((String) value).startsWith("__")) {
            throw new ConfigException(name + ": DLQ topic name must not start with '__'");
        }
    }

    private static void validate(Map<String, String> set) {
        for (String name : set.keySet()) {
            if (!DEFINITION.names().contains(name)) {
                throw new InvalidConfigurationException("Unknown group config name: " + name);
            }
        }
        try {
            DEFINITION.parse(set);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }
}
