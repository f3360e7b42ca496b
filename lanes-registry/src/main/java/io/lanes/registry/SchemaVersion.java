package io.lanes.registry;

import java.util.List;

/**
 * One registered version of a subject, as the {@code _schemas} topic holds it: the global
 * {@code id} of its schema text, the schema in canonical form, its type and references, and
 * whether it was soft-deleted. Immutable.
 */
public record SchemaVersion(String subject, int version, int id, String schema, SchemaType type,
                            List<SchemaReference> references, boolean deleted) {
    public SchemaVersion {
        references = List.copyOf(references);
    }

    /** The same schema (text, type, references), whatever subject, version or deletion state. */
    boolean sameSchemaAs(SchemaVersion other) {
        return schema.equals(other.schema) && type == other.type && references.equals(other.references);
    }

    SchemaVersion asDeleted() {
        return new SchemaVersion(subject, version, id, schema, type, references, true);
    }
}
