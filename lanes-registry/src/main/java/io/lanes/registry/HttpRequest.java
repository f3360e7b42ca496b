package io.lanes.registry;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One request as the routes see it: method, decoded path segments, query parameters and the
 * body (already bounded in size). Immutable.
 */
record HttpRequest(String method, List<String> path, Map<String, String> query, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean flag(String name) {
        return Boolean.parseBoolean(query.getOrDefault(name, "false"));
    }

    /** The body as a JSON object; 400 with the parser's message when it is not JSON, as Confluent's. */
    JsonNode json() {
        if (body.length == 0) {
            throw new RegistryException(400, 400, "No content to map due to end-of-input");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new RegistryException(400, 400, "Cannot deserialize value: expected a JSON object");
            }
            return node;
        } catch (JsonParseException e) {
            throw new RegistryException(400, 400, e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw new RegistryException(400, 400, e.getOriginalMessage());
        } catch (IOException e) {
            throw new RegistryException(400, 400, e.getMessage());
        }
    }
}
