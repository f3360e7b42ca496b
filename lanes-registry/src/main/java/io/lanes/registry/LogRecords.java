package io.lanes.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys and values of the {@code _schemas} topic, in Confluent Schema Registry's JSON layout
 * (so a topic written by one can be read by the other):
 * <pre>
 * key   {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}
 * value {"subject":"s","version":1,"id":7,"schemaType":"JSON","references":[{"name":..,"subject":..,"version":..}],
 *        "schema":"...","deleted":false}          (schemaType omitted for AVRO; null value = hard delete)
 * key   {"keytype":"CONFIG","subject":null|"s","magic":0}   value {"compatibilityLevel":"FULL"} (null = unset)
 * key   {"keytype":"MODE","subject":null|"s","magic":0}     value {"mode":"READONLY"}          (null = unset)
 * </pre>
 * Stateless and thread-safe.
 */
final class LogRecords {
    static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private LogRecords() {
    }

    static byte[] schemaKey(String subject, int version) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", subject).put("version", version);
        return bytes(key.put("magic", 1));
    }

    static byte[] configKey(String subject) {
        return bytes(JSON.createObjectNode().put("keytype", "CONFIG").put("subject", subject).put("magic", 0));
    }

    static byte[] modeKey(String subject) {
        return bytes(JSON.createObjectNode().put("keytype", "MODE").put("subject", subject).put("magic", 0));
    }

    static byte[] schemaValue(SchemaVersion v) {
        ObjectNode value = JSON.createObjectNode().put("subject", v.subject()).put("version", v.version())
                .put("id", v.id());
        if (v.type() != SchemaType.AVRO) {
            value.put("schemaType", v.type().name());
        }
        if (!v.references().isEmpty()) {
            value.set("references", references(v.references()));
        }
        return bytes(value.put("schema", v.schema()).put("deleted", v.deleted()));
    }

    static byte[] configValue(CompatibilityLevel level) {
        return bytes(JSON.createObjectNode().put("compatibilityLevel", level.name()));
    }

    static byte[] modeValue(Mode mode) {
        return bytes(JSON.createObjectNode().put("mode", mode.name()));
    }

    static ArrayNode references(List<SchemaReference> references) {
        ArrayNode array = JSON.createArrayNode();
        references.forEach(r -> array.addObject().put("name", r.name()).put("subject", r.subject())
                .put("version", r.version()));
        return array;
    }

    static List<SchemaReference> references(JsonNode array) {
        List<SchemaReference> references = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode r : array) {
                references.add(new SchemaReference(r.path("name").asText(), r.path("subject").asText(),
                        r.path("version").asInt()));
            }
        }
        return references;
    }

    static SchemaVersion schemaVersion(JsonNode value) {
        return new SchemaVersion(value.path("subject").asText(), value.path("version").asInt(),
                value.path("id").asInt(), value.path("schema").asText(), SchemaType.parse(value.path("schemaType")
                .asText(null)), references(value.get("references")), value.path("deleted").asBoolean(false));
    }

    static JsonNode tree(byte[] bytes) throws IOException {
        return bytes == null ? null : JSON.readTree(bytes);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
