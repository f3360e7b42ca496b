package io.lanes.broker.api;

import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.requests.RequestHeader;

import java.net.SocketAddress;

/**
 * What a handler knows about the request it serves besides its body.
 *
 * @param header                the decoded request header (API key, version, client id, correlation id)
 * @param clientAddress         the remote address of the connection
 * @param executor              the connection's event loop: callbacks that touch connection state run there,
 *                              and timers (long-poll fetch) are scheduled on it
 * @param clientSoftwareName    the client software name the connection's ApiVersions request gave (KIP-511),
 *                              {@value #UNKNOWN} if none
 * @param clientSoftwareVersion likewise, its version
 */
public record RequestContext(RequestHeader header, SocketAddress clientAddress, EventExecutor executor,
                             String clientSoftwareName, String clientSoftwareVersion) {
    /** Kafka's name and version of a client that did not say (its {@code ClientInformation.UNKNOWN_NAME_OR_VERSION}). */
    public static final String UNKNOWN = "unknown";

    /** A context on a connection whose client software is not known. */
    public RequestContext(RequestHeader header, SocketAddress clientAddress, EventExecutor executor) {
        this(header, clientAddress, executor, UNKNOWN, UNKNOWN);
    }

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
