package io.lanes.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a registry runs: the address it serves HTTP on (port 0 picks a free one), the Kafka client
 * config of the cluster that holds its topic ({@code bootstrap.servers} and any security
 * settings), the topic ({@code _schemas}, Confluent's {@code kafkastore.topic} default), the bound
 * on a Kafka round trip, the largest request body and the HTTP threads. Immutable.
 */
public record RegistryConfig(String host, int port, Map<String, Object> clientConfig, String topic, Duration timeout,
                             int maxBodyBytes, int threads) {
    public static final String DEFAULT_TOPIC = "_schemas";
    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

    public RegistryConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(topic, "topic");
        clientConfig = Map.copyOf(clientConfig);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxBodyBytes <= 0 || threads <= 0) {
            throw new IllegalArgumentException("maxBodyBytes and threads must be positive");
        }
    }

    /** Defaults against {@code bootstrapServers}, serving on {@code host:port}. */
    public static RegistryConfig of(String bootstrapServers, String host, int port) {
        Map<String, Object> clients = new HashMap<>();
        clients.put("bootstrap.servers", bootstrapServers);
        return new RegistryConfig(host, port, clients, DEFAULT_TOPIC, Duration.ofSeconds(30), DEFAULT_MAX_BODY_BYTES, 8);
    }

    public RegistryConfig withClientConfig(Map<String, Object> config) {
        return new RegistryConfig(host, port, config, topic, timeout, maxBodyBytes, threads);
    }

    public RegistryConfig withTopic(String name) {
        return new RegistryConfig(host, port, clientConfig, name, timeout, maxBodyBytes, threads);
    }

    public RegistryConfig withMaxBodyBytes(int bytes) {
        return new RegistryConfig(host, port, clientConfig, topic, timeout, bytes, threads);
    }

    public RegistryConfig withPort(int newPort) {
        return new RegistryConfig(host, newPort, clientConfig, topic, timeout, maxBodyBytes, threads);
    }
}
