package io.lanes.broker.api;

import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.requests.RequestHeader;

import java.net.SocketAddress;

/**
 * What a handler knows about the request it serves besides its body.
 *
 * @param header       the decoded request header (API key, version, client id, correlation id)
 * @param clientAddress the remote address of the connection
 * @param executor     the connection's event loop: callbacks that touch connection state run there,
 *                     and timers (long-poll fetch) are scheduled on it
 */
public record RequestContext(RequestHeader header, SocketAddress clientAddress, EventExecutor executor) {
    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
