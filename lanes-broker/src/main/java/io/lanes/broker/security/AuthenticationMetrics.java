package io.lanes.broker.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Kafka's socket-server-metrics authentication counts for one listener, in the broker's Micrometer
 * registry: {@code kafka.server.socket.server.metrics.successful.authentication} and
 * {@code kafka.server.socket.server.metrics.failed.authentication} (tag {@code listener}). A failure
 * is a TLS handshake that failed (untrusted certificate, plaintext on a TLS port) or a SASL exchange
 * that was refused (wrong password, unknown mechanism, frames out of order).
 * {@code kafka.server.socket.server.metrics.expired.connections.killed} counts connections closed
 * because a request arrived after their SASL session ended without re-authentication (KIP-368).
 * Thread-safe.
 */
public final class AuthenticationMetrics {
    private final Counter succeeded;
    private final Counter failed;
    private final Counter expired;

    public AuthenticationMetrics(MeterRegistry registry, String listenerName) {
        this.succeeded = Counter.builder("kafka.server.socket.server.metrics.successful.authentication")
                .description("Connections that authenticated")
                .tag("listener", listenerName)
                .register(registry);
        this.failed = Counter.builder("kafka.server.socket.server.metrics.failed.authentication")
                .description("Connections refused by TLS or SASL authentication")
                .tag("listener", listenerName)
                .register(registry);
        this.expired = Counter.builder("kafka.server.socket.server.metrics.expired.connections.killed")
                .description("Connections closed because their SASL session expired without re-authentication")
                .tag("listener", listenerName)
                .register(registry);
    }

    public void expired() {
        expired.increment();
    }

    public void succeeded() {
        succeeded.increment();
    }

    public void failed() {
        failed.increment();
    }
}
