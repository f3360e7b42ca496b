package io.lanes.broker.handlers.group;

import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.RequestInfo;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Converts a request context into what the coordinator needs. */
final class GroupRequests {
    private GroupRequests() {
    }

    static RequestInfo info(RequestContext context) {
        String clientId = context.clientId() == null ? "" : context.clientId();
        return new RequestInfo(context.apiVersion(), clientId, host(context.clientAddress()));
    }

    /** The client address as Kafka reports it: {@code InetAddress.toString()}, e.g. "/127.0.0.1". */
    static String host(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().toString();
        }
        return address == null ? "" : address.toString();
    }
}
