package io.lanes.launch;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Lanes broker in this JVM, with its data in a temporary directory deleted on {@link #close()} unless the
 * caller named one ({@code log.dirs} or {@code log.dir}).
 *
 * <p>Defaults, each overridden by a {@link Builder#config} entry: {@code listeners=PLAINTEXT://127.0.0.1:0} (a
 * free loopback port). With {@link Builder#freeHttpPort()}, the broker's HTTP side ({@code /metrics}, the
 * dashboard) listens on a free loopback port too, picked again if another process takes it first (the default
 * 8090 would be taken by the first broker of the JVM). With {@link Builder#deleteOnExit()}, a JVM shutdown hook
 * (Ctrl-C) closes the broker and deletes its data if the caller does not. {@link LanesBroker#start} returns once
 * the broker accepts connections, so {@link Builder#start()} does too.
 *
 * <p>Thread-safety: {@link #close()} may race with the shutdown hook; the other methods are for one thread.
 */
public final class InProcessLanes implements AutoCloseable {

    /** Another process may take the free port picked before the broker binds it: pick again this many times. */
    private static final int HTTP_PORT_ATTEMPTS = 5;

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Map<String, String> config;
    private final Thread onExit;
    private volatile LanesBroker broker;
    private boolean closed;

    private InProcessLanes(LanesBroker broker, Path dataDir, boolean ownsDataDir, Map<String, String> config,
                           boolean deleteOnExit) {
        this.broker = broker;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.config = config;
        this.onExit = deleteOnExit ? new Thread(this::stop, "lanes-in-process-cleanup") : null;
        if (onExit != null) {
            Runtime.getRuntime().addShutdownHook(onExit);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The running broker. */
    public LanesBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public int port() {
        return broker.port();
    }

    /** The directory holding the broker's data. */
    public Path dataDir() {
        return dataDir;
    }

    /** The configuration the broker runs with (defaults, the caller's entries and the picked ports). */
    public Map<String, String> config() {
        return Map.copyOf(config);
    }

    /**
     * Closes the broker cleanly and starts it again on the same data directory, client port and HTTP port, as an
     * operator restarting the process would.
     */
    public void restart() throws IOException {
        broker.close();
        if (config.get(BrokerConfig.LISTENERS).endsWith(":0")) {
            config.put(BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:" + broker.port());
        }
        broker = LanesBroker.start(BrokerConfig.from(config));
    }

    /** Closes the broker and deletes the data directory if it is a temporary one. */
    @Override
    public void close() {
        stop();
        if (onExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down and the hook runs (or ran)
            }
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            broker.close();
        } finally {
            if (ownsDataDir) {
                Directories.deleteQuietly(dataDir);
            }
        }
    }

    /** Builds and starts an {@link InProcessLanes}. */
    public static final class Builder {
        private final Map<String, String> config = new LinkedHashMap<>();
        private String tempPrefix = "lanes-";
        private boolean freeHttpPort;
        private boolean deleteOnExit;

        private Builder() {
        }

        /**
         * One broker property, named as in Kafka's {@code server.properties} (for example {@code num.partitions})
         * or {@code lanes.*}.
         */
        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** Several broker properties. */
        public Builder config(Map<String, String> properties) {
            config.putAll(properties);
            return this;
        }

        /** The name prefix of the temporary data directory. */
        public Builder tempDirPrefix(String prefix) {
            this.tempPrefix = prefix;
            return this;
        }

        /** Unless {@code lanes.http.port} is configured, the HTTP side listens on a free loopback port. */
        public Builder freeHttpPort() {
            this.freeHttpPort = true;
            return this;
        }

        /** A JVM shutdown hook closes the broker and deletes its temporary data if {@link #close()} did not run. */
        public Builder deleteOnExit() {
            this.deleteOnExit = true;
            return this;
        }

        public InProcessLanes start() throws IOException {
            Map<String, String> effective = new LinkedHashMap<>();
            effective.put(BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0");
            effective.putAll(config);
            boolean ownsDataDir = !effective.containsKey(BrokerConfig.LOG_DIRS) && !effective.containsKey("log.dir");
            Path dataDir = ownsDataDir ? Directories.createTemp(tempPrefix)
                    : Path.of(effective.getOrDefault(BrokerConfig.LOG_DIRS, effective.get("log.dir")).split(",")[0]);
            if (ownsDataDir) {
                effective.put(BrokerConfig.LOG_DIRS, dataDir.toString());
            }
            try {
                return new InProcessLanes(startBroker(effective), dataDir, ownsDataDir, effective, deleteOnExit);
            } catch (IOException | RuntimeException | Error e) {
                if (ownsDataDir) {
                    Directories.deleteQuietly(dataDir);
                }
                throw e;
            }
        }

        private LanesBroker startBroker(Map<String, String> effective) throws IOException {
            if (!freeHttpPort || config.containsKey(BrokerConfig.HTTP_PORT)) {
                return LanesBroker.start(BrokerConfig.from(effective));
            }
            for (int attempt = 1; ; attempt++) {
                effective.put(BrokerConfig.HTTP_PORT, Integer.toString(FreePorts.pick()));
                try {
                    return LanesBroker.start(BrokerConfig.from(effective));
                } catch (IOException e) {
                    // BrokerHttp names the setting when it cannot bind the port it was given
                    if (attempt >= HTTP_PORT_ATTEMPTS || e.getMessage() == null
                            || !e.getMessage().startsWith(BrokerConfig.HTTP_PORT)) {
                        throw e;
                    }
                }
            }
        }
    }
}
