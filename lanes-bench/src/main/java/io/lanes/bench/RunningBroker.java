package io.lanes.bench;

import io.lanes.launch.ChildJvm;

import java.time.Duration;
import java.util.Map;

/** A started broker: its process, where clients connect, and how long it took to come up. */
final class RunningBroker implements AutoCloseable {

    private final BrokerKind kind;
    private final ChildJvm jvm;
    private final String host;
    private final int port;
    private final double startupMillis;
    /** host:port per listener name beyond the PLAINTEXT one (secure listeners), empty without them. */
    private final Map<String, String> listeners;

    RunningBroker(BrokerKind kind, ChildJvm jvm, String host, int port, double startupMillis) {
        this(kind, jvm, host, port, startupMillis, Map.of());
    }

    RunningBroker(BrokerKind kind, ChildJvm jvm, String host, int port, double startupMillis,
                  Map<String, String> listeners) {
        this.kind = kind;
        this.jvm = jvm;
        this.host = host;
        this.port = port;
        this.startupMillis = startupMillis;
        this.listeners = Map.copyOf(listeners);
    }

    BrokerKind kind() {
        return kind;
    }

    ChildJvm jvm() {
        return jvm;
    }

    String bootstrap() {
        return host + ":" + port;
    }

    /** host:port of the listener named {@code name} ({@code PLAINTEXT} is the main one). */
    String bootstrap(String name) {
        if (name.equals("PLAINTEXT")) {
            return bootstrap();
        }
        String address = listeners.get(name);
        if (address == null) {
            throw new IllegalArgumentException(kind.id() + " has no listener " + name);
        }
        return address;
    }

    /** Spawn of the JVM until the first answered ApiVersions request. */
    double startupMillis() {
        return startupMillis;
    }

    @Override
    public void close() {
        jvm.stop(Duration.ofSeconds(15));
    }
}
