package io.lanes.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's operations, with Confluent's semantics and errors. Reads answer from the local
 * state; every write first catches up with the log, decides, writes through the log, and checks
 * once applied that its record won (another instance may have written the same subject version
 * or id first: then it restores the winner's record, so compaction keeps it, and decides again).
 *
 * <p>Thread-safe: writes of this instance are serialized, reads run concurrently.
 */
public final class SchemaRegistry {
    private static final int MAX_ATTEMPTS = 5;

    private final RegistryState state;
    private final SchemaLog log;
    private final Object writeLock = new Object();

    SchemaRegistry(RegistryState state, SchemaLog log) {
        this.state = state;
        this.log = log;
    }

    /** A schema as a request gives it. */
    public record Candidate(String schema, SchemaType type, List<SchemaReference> references) {
        public Candidate {
            references = references == null ? List.of() : List.copyOf(references);
        }
    }

    // ---- reads ----

    public List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    public List<Integer> versions(String subject, boolean includeDeleted) {
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(SchemaVersion::version).toList();
    }

    /** A version of a subject ({@link VersionId#LATEST}: the newest live one). */
    public SchemaVersion version(String subject, VersionId version, boolean includeDeleted) {
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        if (version.isLatest()) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == version.number()).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(version.number()));
    }

    public SchemaVersion schemaById(int id) {
        return state.schemaById(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    public List<SchemaVersion> usesOf(int id, boolean includeDeleted) {
        schemaById(id);
        return state.usesOf(id, includeDeleted);
    }

    public List<Integer> referencedBy(String subject, VersionId version) {
        SchemaVersion target = version(subject, version, false);
        return state.referencedBy(subject, target.version());
    }

    /** {@code POST /subjects/{subject}}: the live version of the subject holding this schema. */
    public SchemaVersion lookup(String subject, Candidate candidate, boolean includeDeleted) {
        if (state.versions(subject, includeDeleted).isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        ParsedSchema parsed = parse(candidate);
        SchemaVersion probe = probe(subject, parsed, candidate);
        return state.versions(subject, includeDeleted).stream().filter(v -> v.sameSchemaAs(probe))
                .reduce((first, second) -> second).orElseThrow(RegistryException::schemaNotFound);
    }

    /**
     * {@code POST /compatibility/subjects/{subject}/versions[/{version}]}: the problems found (empty:
     * compatible). A null version compares with every live version, LATEST as the subject's level says.
     */
    public List<String> testCompatibility(String subject, VersionId version, Candidate candidate) {
        ParsedSchema parsed = parse(candidate);
        List<SchemaVersion> live = state.versions(subject, false);
        CompatibilityLevel level = level(subject);
        List<SchemaVersion> compared;
        if (version == null) {
            compared = live;
            level = transitive(level);
        } else if (version.isLatest()) {
            compared = live;
        } else {
            SchemaVersion one = live.stream().filter(v -> v.version() == version.number()).findFirst()
                    .orElseThrow(() -> RegistryException.versionNotFound(version.number()));
            compared = List.of(one);
        }
        return CompatibilityChecker.check(level, parsed, previous(compared));
    }

    public CompatibilityLevel level(String subject) {
        return state.subjectLevel(subject).orElse(state.globalLevel());
    }

    public CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    public Optional<CompatibilityLevel> subjectLevel(String subject) {
        return state.subjectLevel(subject);
    }

    public Mode globalMode() {
        return state.globalMode();
    }

    public Optional<Mode> subjectMode(String subject) {
        return state.subjectMode(subject);
    }

    private Mode mode(String subject) {
        return state.subjectMode(subject).orElse(state.globalMode());
    }

    // ---- writes ----

    /**
     * {@code POST /subjects/{subject}/versions}: the id of the schema under the subject, registering a
     * new version when the subject has no live version with it and the schema passes the subject's
     * compatibility level. {@code importId}/{@code importVersion} are honoured in IMPORT mode only.
     */
    public int register(String subject, Candidate candidate, Integer importId, Integer importVersion) {
        ParsedSchema parsed = parse(candidate);
        synchronized (writeLock) {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                log.catchUp();
                Mode mode = mode(subject);
                if (mode == Mode.READONLY) {
                    throw RegistryException.operationNotPermitted("Subject " + subject + " is in read-only mode");
                }
                SchemaVersion probe = probe(subject, parsed, candidate);
                List<SchemaVersion> live = state.versions(subject, false);
                Optional<SchemaVersion> same = live.stream().filter(v -> v.sameSchemaAs(probe)).findFirst();
                if (same.isPresent() && importId == null) {
                    return same.get().id();
                }
                SchemaVersion record;
                if (mode == Mode.IMPORT && importId != null) {
                    record = imported(subject, parsed, candidate, importId, importVersion);
                } else {
                    if (importId != null && importId >= 0) {
                        throw RegistryException.operationNotPermitted(
                                "Subject " + subject + " is not in import mode; an id cannot be given");
                    }
                    List<String> problems = CompatibilityChecker.check(level(subject), parsed,
                            previous(reversed(live)));
                    if (!problems.isEmpty()) {
                        throw RegistryException.incompatible("Schema being registered is incompatible with an earlier "
                                + "schema for subject \"" + subject + "\", details: " + problems);
                    }
                    int id = state.idOf(probe).orElse(state.maxId() + 1);
                    record = new SchemaVersion(subject, state.nextVersion(subject), id, parsed.canonical(),
                            parsed.type(), candidate.references(), false);
                }
                if (writeWon(record)) {
                    return record.id();
                }
            }
            throw RegistryException.store("Registration under " + subject + " kept losing to concurrent writes");
        }
    }

    private SchemaVersion imported(String subject, ParsedSchema parsed, Candidate candidate, int id, Integer version) {
        SchemaVersion record = new SchemaVersion(subject, version == null ? state.nextVersion(subject) : version, id,
                parsed.canonical(), parsed.type(), candidate.references(), false);
        Optional<SchemaVersion> holder = state.schemaById(id);
        if (holder.isPresent() && !holder.get().sameSchemaAs(record)) {
            throw new RegistryException(422, 42207, "Overwrite new schema with id " + id
                    + " is not permitted: the id is used by another schema");
        }
        if (state.version(subject, record.version()).isPresent()) {
            throw new RegistryException(422, 42205, "Version " + record.version() + " of subject " + subject
                    + " already exists");
        }
        return record;
    }

    /** Writes one schema record; true when it is what the state holds afterwards. */
    private boolean writeWon(SchemaVersion record) {
        log.append(List.of(new SchemaLog.Record(LogRecords.schemaKey(record.subject(), record.version()),
                LogRecords.schemaValue(record))));
        Optional<SchemaVersion> now = state.version(record.subject(), record.version());
        if (now.isPresent() && now.get().id() == record.id() && now.get().sameSchemaAs(record)) {
            return true;
        }
        // Lost a race. When another schema won this very key, write it again so compaction, which keeps
        // the latest record of a key, keeps the winner. When the key is empty (our id was taken first),
        // leave it: a tombstone could remove a version another instance writes there meanwhile.
        now.ifPresent(winner -> log.append(List.of(new SchemaLog.Record(
                LogRecords.schemaKey(record.subject(), record.version()), LogRecords.schemaValue(winner)))));
        return false;
    }

    /** {@code DELETE /subjects/{subject}[?permanent=true]}: the versions deleted. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        synchronized (writeLock) {
            log.catchUp();
            checkWritable(subject);
            List<SchemaVersion> all = state.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<SchemaVersion> live = all.stream().filter(v -> !v.deleted()).toList();
            List<SchemaVersion> targets = permanent ? all : live;
            if (permanent && !live.isEmpty()) {
                throw RegistryException.subjectNotSoftDeleted(subject);
            }
            if (!permanent && live.isEmpty()) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            for (SchemaVersion v : targets) {
                checkNotReferenced(v);
            }
            List<SchemaLog.Record> records = new ArrayList<>();
            for (SchemaVersion v : targets) {
                byte[] key = LogRecords.schemaKey(subject, v.version());
                records.add(new SchemaLog.Record(key, permanent ? null : LogRecords.schemaValue(v.asDeleted())));
            }
            if (permanent) {
                records.add(new SchemaLog.Record(LogRecords.configKey(subject), null));
                records.add(new SchemaLog.Record(LogRecords.modeKey(subject), null));
            }
            log.append(records);
            return targets.stream().map(SchemaVersion::version).toList();
        }
    }

    /** {@code DELETE /subjects/{subject}/versions/{version}[?permanent=true]}: the version deleted. */
    public int deleteVersion(String subject, VersionId versionId, boolean permanent) {
        synchronized (writeLock) {
            log.catchUp();
            checkWritable(subject);
            List<SchemaVersion> all = state.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            SchemaVersion target;
            if (versionId.isLatest()) {
                List<SchemaVersion> candidates = permanent ? all : all.stream().filter(v -> !v.deleted()).toList();
                if (candidates.isEmpty()) {
                    throw RegistryException.subjectNotFound(subject);
                }
                target = candidates.get(candidates.size() - 1);
            } else {
                target = all.stream().filter(v -> v.version() == versionId.number()).findFirst()
                        .orElseThrow(() -> RegistryException.versionNotFound(versionId.number()));
            }
            if (permanent && !target.deleted()) {
                throw RegistryException.versionNotSoftDeleted(subject, target.version());
            }
            if (!permanent && target.deleted()) {
                throw RegistryException.versionSoftDeleted(subject, target.version());
            }
            checkNotReferenced(target);
            byte[] key = LogRecords.schemaKey(subject, target.version());
            log.append(List.of(new SchemaLog.Record(key, permanent ? null : LogRecords.schemaValue(target.asDeleted()))));
            return target.version();
        }
    }

    /** {@code PUT /config[/{subject}]}: null subject for the global level. */
    public void setLevel(String subject, CompatibilityLevel level) {
        write(LogRecords.configKey(subject), LogRecords.configValue(level));
    }

    /** {@code DELETE /config[/{subject}]}: the level in force before. */
    public CompatibilityLevel deleteLevel(String subject) {
        synchronized (writeLock) {
            log.catchUp();
            CompatibilityLevel before = subject == null ? state.globalLevel()
                    : state.subjectLevel(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject));
            log.append(List.of(new SchemaLog.Record(LogRecords.configKey(subject), null)));
            return before;
        }
    }

    /** {@code PUT /mode[/{subject}]}: IMPORT globally only while the registry is empty (unless forced), as Confluent. */
    public void setMode(String subject, Mode mode, boolean force) {
        synchronized (writeLock) {
            log.catchUp();
            if (mode == Mode.IMPORT && subject == null && !force && !state.isEmpty()) {
                throw RegistryException.operationNotPermitted("Cannot import since found existing subjects");
            }
            log.append(List.of(new SchemaLog.Record(LogRecords.modeKey(subject), LogRecords.modeValue(mode))));
        }
    }

    /** {@code DELETE /mode/{subject}}: the mode in force before. */
    public Mode deleteMode(String subject) {
        synchronized (writeLock) {
            log.catchUp();
            Mode before = state.subjectMode(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject));
            log.append(List.of(new SchemaLog.Record(LogRecords.modeKey(subject), null)));
            return before;
        }
    }

    private void write(byte[] key, byte[] value) {
        synchronized (writeLock) {
            log.append(List.of(new SchemaLog.Record(key, value)));
        }
    }

    private void checkWritable(String subject) {
        if (mode(subject) == Mode.READONLY) {
            throw RegistryException.operationNotPermitted("Subject " + subject + " is in read-only mode");
        }
    }

    private void checkNotReferenced(SchemaVersion v) {
        if (!state.referencedBy(v.subject(), v.version()).isEmpty()) {
            throw RegistryException.referenceExists("One or more references exist to the schema {magic=1,keytype=SCHEMA,"
                    + "subject=" + v.subject() + ",version=" + v.version() + "}.");
        }
    }

    // ---- parsing ----

    private ParsedSchema parse(Candidate candidate) {
        return SchemaParser.parse(candidate.type(), candidate.schema(), resolve(candidate.references(), 0));
    }

    /** The referenced schemas, each after the ones it refers to itself. */
    private List<ParsedSchema.Resolved> resolve(List<SchemaReference> references, int depth) {
        if (depth > 32) {
            throw RegistryException.invalidSchema("Invalid schema: references nest deeper than 32");
        }
        List<ParsedSchema.Resolved> resolved = new ArrayList<>();
        for (SchemaReference reference : references) {
            SchemaVersion target = state.version(reference.subject(), reference.version())
                    .orElseThrow(() -> RegistryException.invalidSchema("Invalid schema: reference " + reference.name()
                            + " to subject " + reference.subject() + " version " + reference.version()
                            + " not found"));
            for (ParsedSchema.Resolved inner : resolve(target.references(), depth + 1)) {
                if (!resolved.contains(inner)) {
                    resolved.add(inner);
                }
            }
            ParsedSchema.Resolved own = new ParsedSchema.Resolved(reference.name(), target.schema());
            if (!resolved.contains(own)) {
                resolved.add(own);
            }
        }
        return resolved;
    }

    private SchemaVersion probe(String subject, ParsedSchema parsed, Candidate candidate) {
        return new SchemaVersion(subject, 0, 0, parsed.canonical(), parsed.type(), candidate.references(), false);
    }

    private List<CompatibilityChecker.Previous> previous(List<SchemaVersion> newestFirst) {
        List<CompatibilityChecker.Previous> previous = new ArrayList<>();
        for (SchemaVersion v : newestFirst) {
            previous.add(new CompatibilityChecker.Previous(v.version(), SchemaParser.parse(v.type(), v.schema(),
                    resolve(v.references(), 0))));
        }
        return previous;
    }

    private static List<SchemaVersion> reversed(List<SchemaVersion> oldestFirst) {
        List<SchemaVersion> copy = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static CompatibilityLevel transitive(CompatibilityLevel level) {
        return switch (level) {
            case BACKWARD -> CompatibilityLevel.BACKWARD_TRANSITIVE;
            case FORWARD -> CompatibilityLevel.FORWARD_TRANSITIVE;
            case FULL -> CompatibilityLevel.FULL_TRANSITIVE;
            default -> level;
        };
    }
}
