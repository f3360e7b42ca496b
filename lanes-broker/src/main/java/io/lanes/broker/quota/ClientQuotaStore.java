package io.lanes.broker.quota;

import io.lanes.broker.metadata.DurableProperties;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.utils.internals.Sanitizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The client quotas set with AlterClientQuotas, kept durably in {@code client-quotas.properties} of the data
 * directory.
 *
 * <p>File format: a {@link Properties} file, one entry per entity and quota key. The key is the entity as Kafka's
 * former ZooKeeper paths named it, then a colon and the quota key: {@code users/<user>:producer_byte_rate},
 * {@code clients/<client-id>:consumer_byte_rate}, {@code users/<user>/clients/<client-id>:request_percentage},
 * {@code ips/<ip>:connection_creation_rate}; names are URL-encoded as Kafka's {@code Sanitizer} does, and the default
 * entity is {@code <default>} (which no encoded name can be). The value is the quota as a decimal number. Each change
 * rewrites the file atomically (written, fsynced, renamed), so it survives a crash whole.
 *
 * <p>Thread-safe: changes are serialized by this object's lock; {@link #snapshot()} is a lock-free read of an
 * immutable map, for the request path.
 */
public final class ClientQuotaStore {
    static final String FILE = "client-quotas.properties";
    private static final String DEFAULT = "<default>";
    private static final List<String> ORDER = List.of(ClientQuotaEntity.USER, ClientQuotaEntity.CLIENT_ID,
            ClientQuotaEntity.IP);

    private final Path file;
    /** Immutable; replaced whole on each change. */
    private volatile Map<ClientQuotaEntity, Map<String, Double>> quotas = Map.of();

    private ClientQuotaStore(Path file) {
        this.file = file;
    }

    /** Loads the quotas of {@code dataDir}, none if it has no file yet. */
    public static ClientQuotaStore load(Path dataDir) {
        ClientQuotaStore store = new ClientQuotaStore(dataDir.resolve(FILE));
        if (Files.exists(store.file)) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(store.file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + store.file, e);
            }
            Map<ClientQuotaEntity, Map<String, Double>> loaded = new HashMap<>();
            for (String key : props.stringPropertyNames()) {
                int colon = key.lastIndexOf(':');
                if (colon < 0) {
                    throw new IllegalStateException("unexpected entry " + key + " in " + store.file);
                }
                loaded.computeIfAbsent(parseEntity(key.substring(0, colon), store.file), e -> new TreeMap<>())
                        .put(key.substring(colon + 1), Double.parseDouble(props.getProperty(key)));
            }
            store.quotas = freeze(loaded);
        }
        return store;
    }

    /** Every entity with its quotas (key → value); immutable, safe to read from any thread. */
    public Map<ClientQuotaEntity, Map<String, Double>> snapshot() {
        return quotas;
    }

    /**
     * Applies the changes (entity → key → new value, null to remove) together and makes them durable before
     * returning.
     */
    public synchronized void change(Map<ClientQuotaEntity, Map<String, Double>> changes) {
        Map<ClientQuotaEntity, Map<String, Double>> next = new HashMap<>();
        quotas.forEach((entity, values) -> next.put(entity, new TreeMap<>(values)));
        changes.forEach((entity, values) -> values.forEach((key, value) -> {
            if (value == null) {
                Map<String, Double> current = next.get(entity);
                if (current != null) {
                    current.remove(key);
                    if (current.isEmpty()) {
                        next.remove(entity);
                    }
                }
            } else {
                next.computeIfAbsent(entity, e -> new TreeMap<>()).put(key, value);
            }
        }));
        Properties props = new Properties();
        next.forEach((entity, values) -> values.forEach((key, value) ->
                props.setProperty(path(entity) + ":" + key, Double.toString(value))));
        DurableProperties.write(file, props, "client quotas: <entity path>:<quota key>=<value>");
        quotas = freeze(next);
    }

    private static Map<ClientQuotaEntity, Map<String, Double>> freeze(Map<ClientQuotaEntity, Map<String, Double>> m) {
        Map<ClientQuotaEntity, Map<String, Double>> frozen = new HashMap<>();
        m.forEach((entity, values) -> frozen.put(entity, Collections.unmodifiableMap(new TreeMap<>(values))));
        return Collections.unmodifiableMap(frozen);
    }

    /** {@code users/<u>/clients/<c>} and the like. */
    static String path(ClientQuotaEntity entity) {
        StringBuilder path = new StringBuilder();
        for (String type : ORDER) {
            if (entity.entries().containsKey(type)) {
                String name = entity.entries().get(type);
                if (!path.isEmpty()) {
                    path.append('/');
                }
                path.append(plural(type)).append('/').append(name == null ? DEFAULT : Sanitizer.sanitize(name));
            }
        }
        return path.toString();
    }

    private static ClientQuotaEntity parseEntity(String path, Path file) {
        String[] parts = path.split("/");
        if (parts.length == 0 || parts.length % 2 != 0) {
            throw new IllegalStateException("unexpected entity " + path + " in " + file);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i += 2) {
            String type = switch (parts[i]) {
                case "users" -> ClientQuotaEntity.USER;
                case "clients" -> ClientQuotaEntity.CLIENT_ID;
                case "ips" -> ClientQuotaEntity.IP;
                default -> throw new IllegalStateException("unexpected entity " + path + " in " + file);
            };
            entries.put(type, parts[i + 1].equals(DEFAULT) ? null : Sanitizer.desanitize(parts[i + 1]));
        }
        return new ClientQuotaEntity(entries);
    }

    private static String plural(String type) {
        return switch (type) {
            case ClientQuotaEntity.USER -> "users";
            case ClientQuotaEntity.CLIENT_ID -> "clients";
            default -> "ips";
        };
    }
}
