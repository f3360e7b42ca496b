package io.lanes.testkit;

import java.io.IOException;

/**
 * A running Kafka-protocol broker that a test talks to, by name and address only, so one
 * scenario can be run against Lanes and against Apache Kafka and the observations compared.
 *
 * <p>{@link LanesExtension}, {@link EmbeddedApacheKafka}, {@link ApacheKafkaExtension},
 * {@link EmbeddedKafkaCluster} and {@link KafkaClusterExtension} all implement it. {@link #toString()} of the implementations is {@link #name()}, so the broker
 * reads well as the argument of a parameterized test.
 */
public interface BrokerUnderTest {

    /** A short human-readable name, such as {@code "Lanes"} or {@code "Apache Kafka"}. */
    String name();

    /** The {@code bootstrap.servers} value for clients, for example {@code "127.0.0.1:40123"}. */
    String bootstrapServers();

    /**
     * Stops the broker cleanly and starts it again on the same data directory and the same
     * port, so data, offsets and topic configs must survive and connected clients reconnect.
     *
     * @throws UnsupportedOperationException if this broker cannot be restarted
     */
    default void restart() throws IOException {
        throw new UnsupportedOperationException(name() + " cannot be restarted");
    }
}
