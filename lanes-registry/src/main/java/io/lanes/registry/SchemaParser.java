package io.lanes.registry;

import java.util.List;

/** Parses schema text of a type; 42201 when it does not parse. Stateless and thread-safe. */
final class SchemaParser {
    private SchemaParser() {
    }

    static ParsedSchema parse(SchemaType type, String text, List<ParsedSchema.Resolved> references) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        return switch (type) {
            case AVRO -> AvroParsedSchema.parse(text, references);
            case JSON -> JsonParsedSchema.parse(text, references);
        };
    }
}
