package io.lanes.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks loopback ports that were free a moment ago. Another process may take one before the caller
 * binds it, so callers that must not fail retry on "address in use" with fresh ports. Thread-safe.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** One port that was free on 127.0.0.1 a moment ago. */
    public static int pick() {
        return pick(1)[0];
    }

    /**
     * Returns {@code count} distinct ports that were free on 127.0.0.1 a moment ago: the sockets are held
     * open until all are picked, so no port is returned twice.
     */
    public static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
