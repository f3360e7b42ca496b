package io.lanes.registry;

import java.util.Objects;

/**
 * A reference from one schema to a schema registered elsewhere: {@code name} is how the
 * referring schema names it (an Avro full name, a JSON Schema {@code $ref}), {@code subject} and
 * {@code version} where it is registered.
 */
public record SchemaReference(String name, String subject, int version) {
    public SchemaReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
    }
}
