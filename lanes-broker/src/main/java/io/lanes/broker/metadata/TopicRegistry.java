package io.lanes.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The durable list of topics: name, id, partition count and config overrides.
 *
 * <p>Format: one file per topic, {@code <data dir>/.lanes/topics/<topic id>.properties} (named by
 * the id: a topic name may be 249 characters, too long for a file name with a suffix), with
 * {@code name}, {@code topic.id} (Kafka's base64 UUID), {@code partitions}, and
 * {@code config.<name>} for each topic config override. A file of the first layout ({@code <topic name>.properties},
 * without {@code name}) is rewritten in this one when loaded. Files are replaced atomically (write to a temporary file, fsync,
 * rename), so a crash leaves either the old or the new version.
 *
 * <p>Thread-safe: reads are lock-free; changes are serialized by the caller
 * ({@link TopicManager}).
 */
public final class TopicRegistry {
    private static final String SUFFIX = ".properties";

    private final Path dir;
    private final Map<String, TopicInfo> byName = new ConcurrentHashMap<>();
    private final Map<Uuid, TopicInfo> byId = new ConcurrentHashMap<>();

    private TopicRegistry(Path dir) {
        this.dir = dir;
    }

    /** Loads every topic file under {@code dataDir/.lanes/topics}, creating the directory if needed. */
    public static TopicRegistry load(Path dataDir) {
        TopicRegistry registry = new TopicRegistry(dataDir.resolve(".lanes").resolve("topics"));
        try {
            Files.createDirectories(registry.dir);
            List<Path> files;
            try (Stream<Path> listed = Files.list(registry.dir)) {
                files = listed.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList();
            }
            files.forEach(registry::loadFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read topics from " + registry.dir, e);
        }
        return registry;
    }

    private void loadFile(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String name = props.getProperty("name");
        // Files of the first layout were named after the topic and had no name property.
        boolean firstLayout = name == null;
        if (firstLayout) {
            String fileName = file.getFileName().toString();
            name = fileName.substring(0, fileName.length() - SUFFIX.length());
        }
        Map<String, String> configs = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("config.")) {
                configs.put(key.substring("config.".length()), props.getProperty(key));
            }
        }
        TopicInfo topic = new TopicInfo(name, Uuid.fromString(props.getProperty("topic.id")),
                Integer.parseInt(props.getProperty("partitions")), configs);
        if (!firstLayout) {
            index(topic);
            return;
        }
        put(topic);
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + " after rewriting it", e);
        }
    }

    public Optional<TopicInfo> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<TopicInfo> get(Uuid id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<TopicInfo> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** A live, unmodifiable view of the topic names. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    public int totalPartitions() {
        return byName.values().stream().mapToInt(TopicInfo::partitions).sum();
    }

    /** Writes the topic durably, then makes it visible. */
    public void put(TopicInfo topic) {
        Properties props = new Properties();
        props.setProperty("name", topic.name());
        props.setProperty("topic.id", topic.id().toString());
        props.setProperty("partitions", Integer.toString(topic.partitions()));
        topic.configs().forEach((k, v) -> props.setProperty("config." + k, v));
        DurableProperties.write(dir.resolve(topic.id() + SUFFIX), props, "Lanes topic " + topic.name());
        index(topic);
    }

    /** Forgets the topic durably. */
    public void remove(String name) {
        TopicInfo removed = byName.remove(name);
        if (removed == null) {
            return;
        }
        byId.remove(removed.id());
        try {
            Files.deleteIfExists(dir.resolve(removed.id() + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete topic file of " + name, e);
        }
    }

    private void index(TopicInfo topic) {
        TopicInfo previous = byName.put(topic.name(), topic);
        // A topic re-created under the same name gets a new id; forget the old one.
        if (previous != null && !previous.id().equals(topic.id())) {
            byId.remove(previous.id());
        }
        byId.put(topic.id(), topic);
    }
}
