package io.lanes.broker.network;

import io.lanes.broker.metrics.ApiMeters;
import io.lanes.broker.metrics.Latencies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the network layer counts about connections and requests, in the broker's Micrometer registry.
 *
 * <ul>
 *   <li>{@code lanes.request.trailing.bytes} (tag {@code api}) counts requests whose frame held bytes after
 *       the last field of the body's version; they are served as Kafka serves them, and the count shows which
 *       clients send them.</li>
 *   <li>{@code kafka.server.socket.server.metrics.connection.count} (gauge) and
 *       {@code ...connection.creation} (counter), tag {@code listener}: Kafka's socket-server-metrics.</li>
 *   <li>Per API ({@link ApiMeters}): Kafka's RequestMetrics (requests, errors, the time spent in each stage).</li>
 * </ul>
 *
 * <p>Thread-safe: counters are created up front or once per API (then cached), and Micrometer meters are.
 */
public final class RequestMetrics {
    private static final String LISTENER = "PLAINTEXT";

    private final Map<ApiKeys, Counter> trailingBytes = new EnumMap<>(ApiKeys.class);
    private final ApiMeters[] apis;
    private final MeterRegistry registry;
    private final Latencies latencies;
    private final boolean enabled;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter connectionsCreated;

    /**
     * Counts connections and trailing bytes; per-request figures only when {@code enabled}, stage times in
     * {@code latencies} (which the registry's scrape must export: {@code BrokerMetrics} does).
     */
    public RequestMetrics(MeterRegistry registry, Latencies latencies, boolean enabled) {
        this.registry = registry;
        this.latencies = latencies;
        this.enabled = enabled;
        int maxId = 0;
        for (ApiKeys api : ApiKeys.values()) {
            maxId = Math.max(maxId, api.id);
            trailingBytes.put(api, Counter.builder("lanes.request.trailing.bytes")
                    .description("Requests whose frame had bytes after the last field of their version (ignored)")
                    .tag("api", api.name)
                    .register(registry));
        }
        this.apis = new ApiMeters[maxId + 1];
        Gauge.builder("kafka.server.socket.server.metrics.connection.count", connections, AtomicInteger::get)
                .description("Open client connections")
                .tag("listener", LISTENER)
                .register(registry);
        this.connectionsCreated = Counter.builder("kafka.server.socket.server.metrics.connection.creation")
                .description("Client connections accepted")
                .tag("listener", LISTENER)
                .register(registry);
    }

    /** Counts everything; stage times are kept but exported only if {@code latencies} is registered somewhere. */
    public RequestMetrics(MeterRegistry registry) {
        this(registry, new Latencies(), true);
    }

    /** True when requests are timed and counted (lanes.metrics.enabled). */
    boolean enabled() {
        return enabled;
    }

    void trailingBytes(ApiKeys api) {
        trailingBytes.get(api).increment();
    }

    void connectionOpened() {
        connections.incrementAndGet();
        connectionsCreated.increment();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    /**
     * One request served: its stage times (System.nanoTime stamps) and the response body, whose error codes
     * are counted. {@code body} is null when no response was sent (acks=0).
     */
    void served(ApiKeys api, short version, long arrived, long dispatched, long handled, long completed,
                long queued, long sent, ApiMessage body) {
        ApiMeters meters = apis[api.id];
        if (meters == null) {
            meters = createApi(api);
        }
        try {
            meters.served(version, arrived, dispatched, handled, completed, queued, sent, body);
        } catch (RuntimeException e) {
            // Metrics must never break serving; a failure here is a bug to see in the log, once per API.
            if (!meters.failed) {
                meters.failed = true;
                org.slf4j.LoggerFactory.getLogger(RequestMetrics.class).warn("Counting a {} response failed", api, e);
            }
        }
    }

    private synchronized ApiMeters createApi(ApiKeys api) {
        if (apis[api.id] == null) {
            apis[api.id] = new ApiMeters(registry, latencies, api);
        }
        return apis[api.id];
    }
}
