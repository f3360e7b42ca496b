package io.lanes.conformance.harness;

import java.nio.file.Path;

/** A running broker that a conformance scenario talks to over the Kafka protocol. */
public interface TargetBroker extends AutoCloseable {

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    String bootstrapServers();

    /** The directory holding {@code <topic>-<partition>} directories with the segment files. */
    Path logDir();

    /** A short name for messages: "lanes" or "apache-kafka". */
    String name();

    @Override
    void close();
}
