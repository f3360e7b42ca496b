package io.lanes.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Whether a JSON Schema (reader) accepts every document another (writer) accepts, for the
 * changes Confluent's JSON Schema rules name most often: a changed {@code type} (integer to
 * number widens), a property added to an open content model or as required, a property removed
 * from a closed one, narrowed {@code enum}s, recursively through {@code properties} and
 * {@code items}. Other keywords are not compared: a change to them is taken as compatible.
 * Not thread-safe (one instance per check).
 */
final class JsonReadCheck {
    private final List<String> problems = new ArrayList<>();

    List<String> problems(JsonNode reader, JsonNode writer) {
        compare(reader, writer, "#");
        return problems;
    }

    private void compare(JsonNode reader, JsonNode writer, String path) {
        if (!reader.isObject() || !writer.isObject()) {
            if (!reader.equals(writer) && !(reader.isBoolean() && reader.asBoolean())) {
                add("TYPE_CHANGED", path);
            }
            return;
        }
        Set<String> readerTypes = types(reader);
        Set<String> writerTypes = types(writer);
        if (!readerTypes.isEmpty() && !accepts(readerTypes, writerTypes)) {
            add(writerTypes.isEmpty() ? "TYPE_NARROWED" : "TYPE_CHANGED", path);
            return;
        }
        if (reader.has("enum") && (!writer.has("enum") || !contains(reader.get("enum"), writer.get("enum")))) {
            add("ENUM_ARRAY_NARROWED", path + "/enum");
        }
        compareProperties(reader, writer, path);
        if (reader.has("items") && writer.has("items")) {
            compare(reader.get("items"), writer.get("items"), path + "/items");
        }
    }

    private void compareProperties(JsonNode reader, JsonNode writer, String path) {
        JsonNode readerProperties = reader.path("properties");
        JsonNode writerProperties = writer.path("properties");
        Set<String> writerRequired = strings(writer.path("required"));
        for (Iterator<String> names = readerProperties.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String at = path + "/properties/" + name;
            if (writerProperties.has(name)) {
                compare(readerProperties.get(name), writerProperties.get(name), at);
            } else if (isOpen(writer)) {
                // the writer's documents may hold this property with any value
                add("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", at);
            }
        }
        for (String required : strings(reader.path("required"))) {
            if (!writerRequired.contains(required)) {
                add("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", path + "/required/" + required);
            }
        }
        if (!isOpen(reader)) {
            for (Iterator<String> names = writerProperties.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!readerProperties.has(name)) {
                    add("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", path + "/properties/" + name);
                }
            }
        }
    }

    private static boolean isOpen(JsonNode schema) {
        JsonNode additional = schema.get("additionalProperties");
        return additional == null || !additional.isBoolean() || additional.asBoolean();
    }

    private static boolean accepts(Set<String> readerTypes, Set<String> writerTypes) {
        if (writerTypes.isEmpty()) {
            return false;
        }
        for (String type : writerTypes) {
            boolean ok = readerTypes.contains(type) || (type.equals("integer") && readerTypes.contains("number"));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return Set.of();
        }
        return type.isArray() ? strings(type) : Set.of(type.asText());
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static boolean contains(JsonNode readerEnum, JsonNode writerEnum) {
        Set<JsonNode> values = new HashSet<>();
        readerEnum.forEach(values::add);
        for (JsonNode value : writerEnum) {
            if (!values.contains(value)) {
                return false;
            }
        }
        return true;
    }

    private void add(String errorType, String path) {
        problems.add(ParsedSchema.problem(errorType, "Found " + errorType.toLowerCase().replace('_', ' ')
                + " at path '" + path + "' in the new schema", path));
    }
}
