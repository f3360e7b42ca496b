package io.lanes.broker.metadata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Configs set on named entities (share groups, client metrics subscriptions) in one properties
 * file, a line {@code <config>/<entity>=<value>} per setting, written with {@link DurableProperties}.
 * Stateless and thread-safe for different files; callers serialize writes of one file.
 */
public final class EntityConfigsFile {
    private static final Logger log = LoggerFactory.getLogger(EntityConfigsFile.class);

    private EntityConfigsFile() {
    }

    /**
     * The configs of each entity in {@code file} (none if it does not exist), sorted by entity and
     * name. An entity whose configs {@code validate} refuses (by throwing) is left out and logged,
     * so a file written by another version never stops the broker.
     */
    public static Map<String, Map<String, String>> read(Path file, BiConsumer<String, Map<String, String>> validate) {
        Map<String, Map<String, String>> configs = new TreeMap<>();
        if (!Files.exists(file)) {
            return configs;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String key : props.stringPropertyNames()) {
            int slash = key.indexOf('/');
            if (slash > 0) {
                configs.computeIfAbsent(key.substring(slash + 1), n -> new TreeMap<>())
                        .put(key.substring(0, slash), props.getProperty(key));
            }
        }
        configs.entrySet().removeIf(e -> {
            try {
                validate.accept(e.getKey(), e.getValue());
                return false;
            } catch (RuntimeException invalid) {
                log.warn("Ignoring the configs {} of {} in {}: {}", e.getValue(), e.getKey(), file,
                        invalid.getMessage());
                return true;
            }
        });
        return configs;
    }

    /** Replaces {@code file} with the configs of every entity. */
    public static void write(Path file, Map<String, Map<String, String>> configs, String comment) {
        Properties props = new Properties();
        configs.forEach((entity, set) -> set.forEach((name, value) -> props.setProperty(name + "/" + entity, value)));
        DurableProperties.write(file, props, comment);
    }
}
