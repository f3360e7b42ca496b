package io.lanes.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side: the JDK's HTTP server on its own thread pool (so a slow registry request never
 * holds a thread of a Kafka listener it runs beside), request bodies bounded
 * ({@code maxBodyBytes}, else 413 with the rest of the body dropped), Confluent's content types in and out, and
 * every refusal as Confluent's error body {@code {"error_code":N,"message":"..."}}.
 */
final class RegistryHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryHttpServer.class);
    /** How much of a too large body is read and dropped before answering 413. */
    private static final long DISCARD_LIMIT_BYTES = 16L << 20;
    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    private static final List<String> ACCEPTED_BODY_TYPES = List.of(V1_JSON, "application/vnd.schemaregistry+json",
            "application/json", "application/octet-stream");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Routes routes;
    private final int maxBodyBytes;

    RegistryHttpServer(InetSocketAddress address, Routes routes, int threads, int maxBodyBytes) throws IOException {
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "lanes-registry-http-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(address, 0);
        server.createContext("/", this::exchange);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void exchange(HttpExchange exchange) {
        try (exchange) {
            Routes.Response response;
            try {
                response = routes.handle(request(exchange));
            } catch (RegistryException e) {
                response = error(e);
            } catch (RuntimeException e) {
                log.error("Registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = error(new RegistryException(500, 50001, "Error in the backend data store: " + e));
            }
            send(exchange, response);
        } catch (IOException e) {
            log.debug("Registry client went away: {}", e.getMessage());
        }
    }

    private HttpRequest request(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !contentType.isBlank() && !ACCEPTED_BODY_TYPES.contains(
                contentType.split(";")[0].trim().toLowerCase(Locale.ROOT))) {
            throw new RegistryException(415, 415, "HTTP 415 Unsupported Media Type");
        }
        return new HttpRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                segments(exchange.getRequestURI().getRawPath()), query(exchange.getRequestURI().getRawQuery()),
                body(exchange));
    }

    private byte[] body(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (length != null && parseLong(length) > maxBodyBytes) {
                throw tooLarge(in);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > maxBodyBytes) {
                    throw tooLarge(in);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /**
     * The 413 answer, after reading what is left of the body (up to {@link #DISCARD_LIMIT_BYTES}): closing a
     * connection with unread request bytes makes TCP reset it, and the client would lose the answer.
     */
    private RegistryException tooLarge(InputStream in) throws IOException {
        // read, not skip: the JDK server's body stream passes skip to the socket, past the body's end
        byte[] buffer = new byte[8192];
        long discarded = 0;
        int n;
        while (discarded < DISCARD_LIMIT_BYTES && (n = in.read(buffer)) > 0) {
            discarded += n;
        }
        return new RegistryException(413, 413, "Request body larger than " + maxBodyBytes + " bytes");
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static Routes.Response error(RegistryException e) {
        return new Routes.Response(e.status(), JSON.createObjectNode().put("error_code", e.errorCode())
                .put("message", e.getMessage()));
    }

    private static void send(HttpExchange exchange, Routes.Response response) throws IOException {
        byte[] body;
        if (response.body() instanceof String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                body = JSON.writeValueAsBytes(response.body());
            } catch (JsonProcessingException e) {
                throw new IOException(e);
            }
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        boolean plainJson = accept != null && accept.contains("application/json") && !accept.contains(V1_JSON)
                && !accept.contains("*/*");
        exchange.getResponseHeaders().set("Content-Type", plainJson ? "application/json" : V1_JSON);
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
