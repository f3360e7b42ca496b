package io.lanes.registry;

import java.util.Locale;

/** The schema languages this registry understands; {@code AVRO} when a request names none, as Confluent's. */
public enum SchemaType {
    AVRO, JSON;

    /** The type a request names (null or empty: AVRO); an unknown type is an invalid schema (42201). */
    static SchemaType parse(String name) {
        if (name == null || name.isEmpty()) {
            return AVRO;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidSchema("Invalid schema type " + name);
        }
    }
}
