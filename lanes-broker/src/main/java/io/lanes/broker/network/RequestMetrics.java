package io.lanes.broker.network;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the network layer counts about the requests it decodes, in the broker's Micrometer
 * registry.
 *
 * <p>{@code lanes.request.trailing.bytes} (tag {@code api}) counts requests whose frame held
 * bytes after the last field of the body's version; they are served as Kafka serves them,
 * and the count shows which clients send them.
 *
 * <p>Thread-safe: the counters are created once, up front, and Micrometer counters are.
 */
public final class RequestMetrics {
    private final Map<ApiKeys, Counter> trailingBytes = new EnumMap<>(ApiKeys.class);

    public RequestMetrics(MeterRegistry registry) {
        for (ApiKeys api : ApiKeys.values()) {
            trailingBytes.put(api, Counter.builder("lanes.request.trailing.bytes")
                    .description("Requests whose frame had bytes after the last field of their version (ignored)")
                    .tag("api", api.name)
                    .register(registry));
        }
    }

    void trailingBytes(ApiKeys api) {
        trailingBytes.get(api).increment();
    }
}
