package io.lanes.broker.http;

import java.nio.charset.StandardCharsets;

/**
 * What a route answers: status, content type and body. Immutable.
 *
 * @param status      the HTTP status code
 * @param contentType the Content-Type header value
 * @param body        the body bytes
 */
public record HttpResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";
    /** Prometheus' text exposition format. */
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    public static HttpResponse ok(String contentType, String body) {
        return new HttpResponse(200, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponse ok(String contentType, byte[] body) {
        return new HttpResponse(200, contentType, body);
    }

    public static HttpResponse text(int status, String message) {
        return new HttpResponse(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
