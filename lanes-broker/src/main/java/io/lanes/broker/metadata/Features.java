package io.lanes.broker.metadata;

import org.apache.kafka.common.protocol.Errors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The broker's feature flags, as Kafka's KRaft controller keeps them: each feature has the range of levels this
 * broker supports and a finalized level that clients read from ApiVersions and that UpdateFeatures changes.
 * A level of 0 means the feature is off (it is then left out of the finalized features, as Kafka does).
 *
 * <p>Components register their feature ({@link #register}) before the broker serves requests; a feature that is
 * not registered is unknown (supported range 0..0). The finalized levels changed by UpdateFeatures are kept in
 * {@code <data dir>/features.properties} (a Java properties file: {@code <feature name>=<level>} for every level
 * set by UpdateFeatures, plus {@code finalized.features.epoch=<n>}), written atomically, so they survive a restart;
 * a feature with no entry there is at its registered default (which broker settings may choose). The epoch is
 * Kafka's {@code FinalizedFeaturesEpoch}: it grows by one with every change.
 *
 * <p>Thread-safety: thread-safe; reads see a consistent snapshot, updates are serialized.
 */
public final class Features {
    public static final String METADATA_VERSION = "metadata.version";
    public static final String TRANSACTION_VERSION = "transaction.version";
    public static final String GROUP_VERSION = "group.version";
    public static final String STREAMS_VERSION = "streams.version";
    static final String FILE = "features.properties";
    private static final String EPOCH = "finalized.features.epoch";

    /** How UpdateFeatures may move a level (Kafka's FeatureUpdate.UpgradeType ids). */
    public enum UpgradeType {
        UPGRADE, SAFE_DOWNGRADE, UNSAFE_DOWNGRADE;

        /** The type for an UpdateFeatures v1+ id, or null for an unknown one. */
        public static UpgradeType fromId(byte id) {
            return switch (id) {
                case 1 -> UPGRADE;
                case 2 -> SAFE_DOWNGRADE;
                case 3 -> UNSAFE_DOWNGRADE;
                default -> null;
            };
        }
    }

    /** A supported range of levels. */
    public record Range(short min, short max) {
        boolean contains(short level) {
            return level >= min && level <= max;
        }

        @Override
        public String toString() {
            return "[" + min + "-" + max + "]";
        }
    }

    /** The outcome of an update: NONE, or INVALID_UPDATE_VERSION with Kafka's message. */
    public record Result(Errors error, String message) {
        static final Result NONE = new Result(Errors.NONE, null);

        public boolean ok() {
            return error == Errors.NONE;
        }
    }

    /** A snapshot for ApiVersions. */
    public record Snapshot(Map<String, Range> supported, Map<String, Short> finalized, long epoch) {
    }

    private final Path file;
    private final Map<String, Range> supported = new LinkedHashMap<>();
    private final Map<String, Short> defaults = new LinkedHashMap<>();
    /** Levels set by UpdateFeatures (durable); guarded by this. */
    private final Map<String, Short> updated = new LinkedHashMap<>();
    private long epoch;

    private Features(Path file) {
        this.file = file;
    }

    /** The features of a data directory: the levels UpdateFeatures set before a restart are read back. */
    public static Features load(Path dataDir) {
        Features features = new Features(dataDir.resolve(FILE));
        if (Files.exists(features.file)) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(features.file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + features.file, e);
            }
            for (String name : props.stringPropertyNames()) {
                if (!name.equals(EPOCH)) {
                    features.updated.put(name, Short.parseShort(props.getProperty(name).trim()));
                }
            }
            features.epoch = Long.parseLong(props.getProperty(EPOCH, "0").trim());
        }
        return features;
    }

    /**
     * Declares a feature this broker serves.
     *
     * @param defaultLevel the finalized level until UpdateFeatures changes it
     */
    public synchronized Features register(String name, int min, int max, int defaultLevel) {
        Range range = new Range((short) min, (short) max);
        if (!range.contains((short) defaultLevel)) {
            throw new IllegalArgumentException(name + " default level " + defaultLevel + " outside " + range);
        }
        supported.put(name, range);
        defaults.put(name, (short) defaultLevel);
        return this;
    }

    /** The finalized level of a feature, 0 when it is off or unknown. */
    public synchronized short finalizedLevel(String name) {
        Short level = updated.get(name);
        if (level == null) {
            level = defaults.get(name);
        }
        return level == null || !supported.containsKey(name) ? 0 : level;
    }

    public synchronized Snapshot snapshot() {
        Map<String, Short> finalized = new LinkedHashMap<>();
        for (String name : supported.keySet()) {
            short level = finalizedLevel(name);
            if (level > 0) {
                finalized.put(name, level);
            }
        }
        return new Snapshot(new LinkedHashMap<>(supported), finalized, epoch);
    }

    /**
     * UpdateFeatures: checks every update as Kafka's controller does, then applies all of them (and writes them
     * durably) unless one fails or {@code validateOnly}.
     *
     * @param updates feature name to the new level and how it may move (a null type is an unknown type id)
     * @return NONE, or the first failing update's INVALID_UPDATE_VERSION with Kafka's message
     */
    public synchronized Result update(Map<String, Map.Entry<Short, UpgradeType>> updates, boolean validateOnly) {
        for (Map.Entry<String, Map.Entry<Short, UpgradeType>> update : updates.entrySet()) {
            Result result = check(update.getKey(), update.getValue().getKey(), update.getValue().getValue());
            if (!result.ok()) {
                return result;
            }
        }
        if (validateOnly || updates.isEmpty()) {
            return Result.NONE;
        }
        Map<String, Short> next = new LinkedHashMap<>(updated);
        updates.forEach((name, change) -> next.put(name, change.getKey()));
        Properties props = new Properties();
        next.forEach((name, level) -> props.setProperty(name, Short.toString(level)));
        props.setProperty(EPOCH, Long.toString(epoch + 1));
        DurableProperties.write(file, props, "Lanes finalized feature levels (set by UpdateFeatures)");
        updated.clear();
        updated.putAll(next);
        epoch++;
        return Result.NONE;
    }

    private Result check(String name, short level, UpgradeType type) {
        if (type == null) {
            return invalid(name, level, "The controller does not support the given upgrade type.");
        }
        if (level < 0) {
            return invalid(name, level, "A feature version cannot be less than 0.");
        }
        Range range = supported.getOrDefault(name, new Range((short) 0, (short) 0));
        if (!range.contains(level)) {
            return invalid(name, level, range.max() == 0 ? "Local controller does not support this feature."
                    : "Local controller only supports versions " + range);
        }
        short current = finalizedLevel(name);
        if (level < current && type == UpgradeType.UPGRADE) {
            return invalid(name, level, "Can't downgrade the version of this feature without setting the "
                    + "upgrade type to either safe or unsafe downgrade.");
        }
        if (level > current && type != UpgradeType.UPGRADE) {
            return invalid(name, level, "Can't downgrade to a newer version.");
        }
        return Result.NONE;
    }

    private static Result invalid(String name, short level, String message) {
        return new Result(Errors.INVALID_UPDATE_VERSION,
                String.format("Invalid update version %d for feature %s. %s", level, name, message));
    }
}
