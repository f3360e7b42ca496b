package io.lanes.bench;

import io.lanes.launch.ChildJvm;

import java.time.Duration;

/** A started broker: its process, where clients connect, and how long it took to come up. */
final class RunningBroker implements AutoCloseable {

    private final BrokerKind kind;
    private final ChildJvm jvm;
    private final String host;
    private final int port;
    private final double startupMillis;

    RunningBroker(BrokerKind kind, ChildJvm jvm, String host, int port, double startupMillis) {
        this.kind = kind;
        this.jvm = jvm;
        this.host = host;
        this.port = port;
        this.startupMillis = startupMillis;
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

    /** Spawn of the JVM until the first answered ApiVersions request. */
    double startupMillis() {
        return startupMillis;
    }

    @Override
    public void close() {
        jvm.stop(Duration.ofSeconds(15));
    }
}
