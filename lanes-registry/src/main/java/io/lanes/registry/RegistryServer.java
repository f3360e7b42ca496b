package io.lanes.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * A running schema registry: it has read its topic to the end and serves Confluent's REST API.
 * {@link #start} blocks until both are true; {@link #close} stops serving, then following.
 * Thread-safe.
 */
public final class RegistryServer implements AutoCloseable {
    private final SchemaLog log;
    private final SchemaRegistry registry;
    private final RegistryHttpServer http;
    private final String host;

    private RegistryServer(SchemaLog log, SchemaRegistry registry, RegistryHttpServer http, String host) {
        this.log = log;
        this.registry = registry;
        this.http = http;
        this.host = host;
    }

    /**
     * Opens (creating if missing) the topic, reads it to the end, then binds the HTTP port.
     *
     * @throws RegistryException when the cluster cannot be reached or the topic not created
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static RegistryServer start(RegistryConfig config) {
        RegistryState state = new RegistryState();
        SchemaLog log = SchemaLog.open(config.topic(), config.clientConfig(), state, config.timeout());
        SchemaRegistry registry = new SchemaRegistry(state, log);
        try {
            RegistryHttpServer http = new RegistryHttpServer(new InetSocketAddress(config.host(), config.port()),
                    new Routes(registry), config.threads(), config.maxBodyBytes());
            return new RegistryServer(log, registry, http, config.host());
        } catch (IOException e) {
            log.close();
            throw new UncheckedIOException("Cannot serve the schema registry on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return http.port();
    }

    /** The base URL clients are given, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : shown) + ":" + port();
    }

    /** The operations behind the REST API, for callers in the same process. */
    public SchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        http.close();
        log.close();
    }
}
