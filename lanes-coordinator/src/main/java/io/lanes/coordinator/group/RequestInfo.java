package io.lanes.coordinator.group;

/**
 * What the coordinator needs to know about a request besides its body.
 *
 * @param apiVersion the request's API version (some behaviour depends on it)
 * @param clientId   the client id of the request header
 * @param clientHost the client's address as Kafka reports it ("/127.0.0.1")
 */
public record RequestInfo(short apiVersion, String clientId, String clientHost) {
}
