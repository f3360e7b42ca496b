package io.lanes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the tests: sends JSON as Confluent's clients do, returns status and body. */
final class RestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;

    RestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A response: status, body text, the body as JSON (null when it is not), and its content type. */
    record Reply(int status, String text, JsonNode json, String contentType) {
        int errorCode() {
            return json.path("error_code").asInt();
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply get(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).GET().header("Accept", accept));
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(text(body)))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json"));
    }

    Reply put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(text(body)))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json"));
    }

    Reply postRaw(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType));
    }

    /** {@code {"schema": ...}} with a schema type unless AVRO. */
    static ObjectNode schema(String schema, String type) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema);
        return type == null ? body : body.put("schemaType", type);
    }

    static ObjectNode schema(String schema) {
        return schema(schema, null);
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String text(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                json = null;
            }
            return new Reply(response.statusCode(), response.body(), json,
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
