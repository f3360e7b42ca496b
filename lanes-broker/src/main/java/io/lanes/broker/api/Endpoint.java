package io.lanes.broker.api;

import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The listener a connection arrived on, with the address the broker advertises for it: Metadata,
 * DescribeCluster and FindCoordinator answer with the listener the client connected on, as Kafka does.
 *
 * @param listenerName the listener name, upper case
 * @param protocol     its security protocol
 * @param host         the advertised host
 * @param port         the advertised port
 */
public record Endpoint(String listenerName, SecurityProtocol protocol, String host, int port) {
}
