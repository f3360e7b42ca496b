package io.lanes.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON Schema (draft 7 unless its {@code $schema} names another dialect, as Confluent's
 * default). The networknt validator checks it against its dialect's meta-schema and resolves
 * every {@code $ref} (references are served by their name); {@link JsonReadCheck} judges
 * compatibility. The canonical text is the JSON without insignificant white space.
 */
final class JsonParsedSchema implements ParsedSchema {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DRAFT_7 = "http://json-schema.org/draft-07/schema#";

    private final JsonNode node;
    private final String canonical;

    private JsonParsedSchema(JsonNode node, String canonical) {
        this.node = node;
        this.canonical = canonical;
    }

    static JsonParsedSchema parse(String text, List<Resolved> references) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !(node.isObject() || node.isBoolean())) {
                throw new IllegalArgumentException("a JSON Schema is an object or a boolean");
            }
            Map<String, String> byName = new LinkedHashMap<>();
            references.forEach(r -> byName.put(r.name(), r.schema()));
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                    builder -> builder.schemas(byName));
            String dialect = node.isObject() && node.hasNonNull("$schema") ? node.get("$schema").asText() : DRAFT_7;
            Schema metaSchema = registry.getSchema(SchemaLocation.of(dialect));
            List<Error> errors = metaSchema.validate(node);
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(errors.get(0).toString());
            }
            registry.getSchema(node).initializeValidators();
            return new JsonParsedSchema(node, JSON.writeValueAsString(node));
        } catch (JsonProcessingException | SchemaException | IllegalArgumentException e) {
            throw RegistryException.invalidSchema("Invalid schema " + text + " of type JSON, details: " + e.getMessage());
        }
    }

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    @Override
    public String canonical() {
        return canonical;
    }

    @Override
    public List<String> readProblems(ParsedSchema writer) {
        return new JsonReadCheck().problems(node, ((JsonParsedSchema) writer).node);
    }
}
