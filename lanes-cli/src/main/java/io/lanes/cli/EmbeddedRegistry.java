package io.lanes.cli;

import io.lanes.registry.RegistryConfig;
import io.lanes.registry.RegistryException;
import io.lanes.registry.RegistryServer;
import org.apache.kafka.common.config.ConfigException;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The schema registry {@code lanes server} runs beside its broker: on
 * {@code lanes.schema.registry.port} (default 8081, Confluent's; 0 = off), bound to the
 * listener's host, over the broker's own listener. Like {@code lanes.http.port}, a port set
 * explicitly that cannot be bound fails start-up; the default port busy only turns the registry off.
 */
final class EmbeddedRegistry {
    static final String PORT = "lanes.schema.registry.port";

    private EmbeddedRegistry() {
    }

    /** The port the settings ask for; {@link ConfigException} when it is not a port number. */
    static int port(Map<String, String> settings) {
        String value = settings.get(PORT);
        if (value == null) {
            return RegistryConfig.DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigException(PORT, value, "expected a port number, 0 to turn the schema registry off");
    }

    /**
     * Starts the registry unless turned off.
     *
     * @throws RegistryException or {@link UncheckedIOException} when it cannot start and its port was set explicitly
     */
    static Optional<RegistryServer> start(Map<String, String> settings, String host, String bootstrapServers) {
        int port = port(settings);
        if (port == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(RegistryServer.start(RegistryConfig.of(bootstrapServers, host, port)));
        } catch (RegistryException | UncheckedIOException e) {
            if (settings.containsKey(PORT)) {
                throw e;
            }
            System.err.println("lanes server: schema registry off: " + e.getMessage());
            return Optional.empty();
        }
    }
}
