package io.lanes.broker.api;

import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

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
 * @param endpoint              the listener the connection arrived on and its advertised address, or null when
 *                              the request did not come through a listener (in-process tests)
 * @param principal             who the connection authenticated as: the SASL user or the TLS client certificate's
 *                              mapped name, {@link KafkaPrincipal#ANONYMOUS} on PLAINTEXT and on SSL without client
 *                              authentication (what an authorizer checks)
 */
public record RequestContext(RequestHeader header, SocketAddress clientAddress, EventExecutor executor,
                             String clientSoftwareName, String clientSoftwareVersion, Endpoint endpoint,
                             KafkaPrincipal principal) {
    /** Kafka's name and version of a client that did not say (its {@code ClientInformation.UNKNOWN_NAME_OR_VERSION}). */
    public static final String UNKNOWN = "unknown";

    /** A context outside any listener, for an anonymous client. */
    public RequestContext(RequestHeader header, SocketAddress clientAddress, EventExecutor executor,
                          String clientSoftwareName, String clientSoftwareVersion) {
        this(header, clientAddress, executor, clientSoftwareName, clientSoftwareVersion, null, KafkaPrincipal.ANONYMOUS);
    }

    /** A context on a connection whose client software is not known. */
    public RequestContext(RequestHeader header, SocketAddress clientAddress, EventExecutor executor) {
        this(header, clientAddress, executor, UNKNOWN, UNKNOWN);
    }

    /** The advertised host of the connection's listener, or {@code fallback} outside a listener. */
    public String advertisedHost(String fallback) {
        return endpoint == null ? fallback : endpoint.host();
    }

    /** The advertised port of the connection's listener, or {@code fallback} outside a listener. */
    public int advertisedPort(int fallback) {
        return endpoint == null ? fallback : endpoint.port();
    }

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
