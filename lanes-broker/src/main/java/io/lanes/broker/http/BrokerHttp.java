package io.lanes.broker.http;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.metrics.BrokerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The broker's HTTP routes (thin adapters over metrics and the JSON views; a route sees the path and
 * the decoded query parameters) and how the HTTP side starts:
 * {@code lanes.http.port} on the Kafka listener's host; 0 turns it off. When the port was left at its default
 * and is taken (several brokers on one machine or in one JVM), the broker logs a warning and runs without HTTP;
 * an explicitly configured port that cannot be bound fails start-up.
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter in Prometheus' text format</li>
 *   <li>{@code GET /api/hotkeys}: {@code hotkeys.HotKeyReport} as JSON</li>
 *   <li>{@code GET /api/overview}: {@code dashboard.Overview} as JSON (what the dashboard polls)</li>
 *   <li>{@code GET /api/groups/timeline[?group=G]}: {@code dashboard.GroupTimelines} as JSON, the rebalance
 *       timeline of the groups with the latest events, or of group G</li>
 *   <li>{@code GET /}, {@code /assets/dashboard.js}, {@code /assets/dashboard.css}: the dashboard, plain
 *       JavaScript and SVG, no third-party code</li>
 * </ul>
 */
public final class BrokerHttp {
    private static final Logger log = LoggerFactory.getLogger(BrokerHttp.class);


    private final Map<String, Function<Map<String, List<String>>, HttpResponse>> routes = new LinkedHashMap<>();

    public BrokerHttp(BrokerMetrics metrics) {
        route("/metrics", () -> HttpResponse.ok(HttpResponse.PROMETHEUS, metrics.scrape()));
    }

    /** Adds a JSON route: {@code view} is serialized with Jackson (records as objects) on each GET. */
    public BrokerHttp json(String path, Supplier<?> view) {
        Function<Map<String, List<String>>, Object> ignoringQuery = query -> view.get();
        return json(path, ignoringQuery);
    }

    /**
     * Adds a JSON route whose view depends on the query parameters (name to values, decoded; absent names are
     * missing from the map).
     */
    public BrokerHttp json(String path, Function<Map<String, List<String>>, ?> view) {
        routes.put(path, query -> {
            try {
                return HttpResponse.ok(HttpResponse.JSON, Json.MAPPER.writeValueAsBytes(view.apply(query)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("Cannot write " + path + " as JSON", e);
            }
        });
        return this;
    }

    /** Serves the dashboard: its page at {@code /} and its script and style under {@code /assets/}. */
    public BrokerHttp dashboard() {
        byte[] page = resource("index.html");
        byte[] script = resource("dashboard.js");
        byte[] style = resource("dashboard.css");
        route("/", () -> HttpResponse.ok("text/html; charset=utf-8", page));
        route("/assets/dashboard.js", () -> HttpResponse.ok("text/javascript; charset=utf-8", script));
        return route("/assets/dashboard.css", () -> HttpResponse.ok("text/css; charset=utf-8", style));
    }

    private static byte[] resource(String name) {
        try (var in = BrokerHttp.class.getResourceAsStream("/io/lanes/broker/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Adds a route (GET {@code path}); for the parts of the broker that serve their own views. */
    public BrokerHttp route(String path, Supplier<HttpResponse> answer) {
        routes.put(path, query -> answer.get());
        return this;
    }

    /**
     * The JSON writer, made on the first JSON request: Jackson is a few hundred classes that neither start-up nor an
     * idle broker needs (a holder class, so the JVM makes it once, thread-safely).
     */
    private static final class Json {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    }

    Map<String, Function<Map<String, List<String>>, HttpResponse>> routes() {
        return Map.copyOf(routes);
    }

    /** Starts the HTTP side as configured; null when it is off or its default port was taken. */
    public static HttpServer start(BrokerConfig config, String host, BrokerHttp http) throws IOException {
        int port = config.httpPort();
        if (port == 0) {
            return null;
        }
        try {
            return HttpServer.start(host, port, http.routes());
        } catch (BindException e) {
            if (config.httpPortExplicit()) {
                throw new IOException(BrokerConfig.HTTP_PORT + "=" + port + ": cannot listen on " + host + ":" + port
                        + " (" + e.getMessage() + "); choose a free port or set it to 0 to turn HTTP off", e);
            }
            log.warn("HTTP port {} on {} is taken ({}): running without /metrics and the dashboard; set {} to a free "
                    + "port (0 turns HTTP off)", port, host, e.getMessage(), BrokerConfig.HTTP_PORT);
            return null;
        }
    }
}
