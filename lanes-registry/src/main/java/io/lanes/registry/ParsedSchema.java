package io.lanes.registry;

import java.util.List;

/**
 * A schema that parsed, in its canonical text, able to say whether it reads data written with
 * another schema of its type. Immutable and thread-safe.
 */
interface ParsedSchema {

    SchemaType type();

    /** The text the registry stores and compares: the same schema written differently gives the same text. */
    String canonical();

    /**
     * Why this schema, as reader, cannot read data written with {@code writer} (same type), in
     * Confluent's verbose form {@code {errorType:'...', description:'...', additionalInfo:'...'}};
     * empty when it can.
     */
    List<String> readProblems(ParsedSchema writer);

    /** A referenced schema, already resolved, handed to the parser of the schema referring to it. */
    record Resolved(String name, String schema) {
    }

    static String problem(String errorType, String description, String additionalInfo) {
        return "{errorType:'" + errorType + "', description:'" + description + "', additionalInfo:'" + additionalInfo
                + "'}";
    }
}
