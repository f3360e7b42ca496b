package io.lanes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the {@code _schemas} topic says, applied record by record in log order: subjects and
 * their versions, schemas by global id, compatibility and mode settings.
 *
 * <p>Instances race only through the log, and every instance resolves a race the same way, by
 * log order: a schema record for a subject version that already holds another schema, or that
 * gives an id already held by another schema, is ignored (the writer that lost sees it and
 * retries). Records of key types this registry does not use (Confluent's NOOP, DELETE_SUBJECT,
 * ...) are skipped.
 *
 * <p>Thread-safe: one thread applies records, request threads read; every method is synchronized.
 */
final class RegistryState {
    private static final Logger log = LoggerFactory.getLogger(RegistryState.class);

    private final Map<String, NavigableMap<Integer, SchemaVersion>> subjects = new TreeMap<>();
    private final Map<Integer, SchemaVersion> byId = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final Map<String, Mode> subjectModes = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
    private Mode globalMode = Mode.READWRITE;
    private int maxId;

    /** Applies one record of the topic (a null value is a tombstone). */
    synchronized void apply(byte[] keyBytes, byte[] valueBytes) {
        JsonNode key;
        JsonNode value;
        try {
            key = LogRecords.tree(keyBytes);
            value = LogRecords.tree(valueBytes);
        } catch (IOException e) {
            log.warn("Skipping a record of the schemas topic that is not JSON: {}", e.getMessage());
            return;
        }
        if (key == null) {
            return;
        }
        String subject = key.path("subject").isNull() ? null : key.path("subject").asText(null);
        switch (key.path("keytype").asText()) {
            case "SCHEMA" -> applySchema(subject, key.path("version").asInt(), value);
            case "CONFIG" -> applyConfig(subject, value);
            case "MODE" -> applyMode(subject, value);
            default -> {
                // other key types carry nothing this registry keeps
            }
        }
    }

    private void applySchema(String subject, int version, JsonNode value) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
        if (value == null || value.isNull()) {
            if (versions != null) {
                SchemaVersion removed = versions.remove(version);
                if (versions.isEmpty()) {
                    subjects.remove(subject);
                }
                if (removed != null) {
                    forgetIdIfUnused(removed.id());
                }
            }
            return;
        }
        SchemaVersion record = LogRecords.schemaVersion(value);
        SchemaVersion existing = versions == null ? null : versions.get(version);
        if (existing != null) {
            if (existing.id() == record.id() && existing.sameSchemaAs(record)) {
                versions.put(version, record);
            }
            return;
        }
        SchemaVersion holder = byId.get(record.id());
        if (holder != null && !holder.sameSchemaAs(record)) {
            return;
        }
        subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, record);
        byId.putIfAbsent(record.id(), record);
        maxId = Math.max(maxId, record.id());
    }

    private void forgetIdIfUnused(int id) {
        for (NavigableMap<Integer, SchemaVersion> versions : subjects.values()) {
            for (SchemaVersion v : versions.values()) {
                if (v.id() == id) {
                    byId.put(id, v);
                    return;
                }
            }
        }
        byId.remove(id);
    }

    private void applyConfig(String subject, JsonNode value) {
        CompatibilityLevel level = value == null || value.isNull() ? null
                : CompatibilityLevel.parse(value.path("compatibilityLevel").asText());
        if (subject == null) {
            globalLevel = level == null ? CompatibilityLevel.DEFAULT : level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    private void applyMode(String subject, JsonNode value) {
        Mode mode = value == null || value.isNull() ? null : Mode.parse(value.path("mode").asText());
        if (subject == null) {
            globalMode = mode == null ? Mode.READWRITE : mode;
        } else if (mode == null) {
            subjectModes.remove(subject);
        } else {
            subjectModes.put(subject, mode);
        }
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((name, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                names.add(name);
            }
        });
        return names;
    }

    /** Every version of a subject, oldest first, soft-deleted ones only when asked. */
    synchronized List<SchemaVersion> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    synchronized Optional<SchemaVersion> version(String subject, int version) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    synchronized int nextVersion(String subject) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    }

    synchronized Optional<SchemaVersion> schemaById(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The subject versions holding schema {@code id}, soft-deleted ones only when asked. */
    synchronized List<SchemaVersion> usesOf(int id, boolean includeDeleted) {
        List<SchemaVersion> uses = new ArrayList<>();
        subjects.values().forEach(versions -> versions.values().forEach(v -> {
            if (v.id() == id && (includeDeleted || !v.deleted())) {
                uses.add(v);
            }
        }));
        return uses;
    }

    /** The id of a schema equal to {@code candidate} under any subject, if one was registered. */
    synchronized Optional<Integer> idOf(SchemaVersion candidate) {
        return byId.values().stream().filter(v -> v.sameSchemaAs(candidate)).map(SchemaVersion::id).findFirst();
    }

    /** The ids of live versions that refer to {@code subject} version {@code version}. */
    synchronized List<Integer> referencedBy(String subject, int version) {
        List<Integer> ids = new ArrayList<>();
        subjects.values().forEach(versions -> versions.values().forEach(v -> {
            if (!v.deleted() && v.references().stream().anyMatch(r -> r.subject().equals(subject)
                    && r.version() == version) && !ids.contains(v.id())) {
                ids.add(v.id());
            }
        }));
        return ids;
    }

    synchronized int maxId() {
        return maxId;
    }

    synchronized boolean isEmpty() {
        return subjects.isEmpty();
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized Mode globalMode() {
        return globalMode;
    }

    synchronized Optional<Mode> subjectMode(String subject) {
        return Optional.ofNullable(subjectModes.get(subject));
    }
}
