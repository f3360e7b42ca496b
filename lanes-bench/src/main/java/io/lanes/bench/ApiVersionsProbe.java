package io.lanes.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Decides when a broker "is up": it answers a Kafka ApiVersions request on its client port.
 *
 * <p>The request is ApiVersions v0 (request header v1), which every Kafka-protocol broker must at
 * least answer, if only with UNSUPPORTED_VERSION; any well-framed response carrying our
 * correlation id counts, because what is measured is "serves Kafka requests", not the version
 * range. The check is deliberately raw bytes over a socket: a Kafka client would add its own
 * reconnect back-off to the startup figure.
 */
final class ApiVersionsProbe {

    private static final short API_VERSIONS_KEY = 18;
    private static final byte[] CLIENT_ID = "lanes-bench-probe".getBytes(StandardCharsets.UTF_8);

    private ApiVersionsProbe() {
    }

    /**
     * One attempt: connect, send ApiVersions v0, read the response header.
     *
     * @return true when a response with our correlation id arrived within {@code timeoutMillis}
     */
    static boolean answers(String host, int port, int timeoutMillis) {
        int correlationId = (int) (System.nanoTime() & 0x7fffffff);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(request(correlationId));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size < 4 || size > (1 << 20)) {
                return false;
            }
            return in.readInt() == correlationId;
        } catch (IOException e) {
            return false;
        }
    }

    /** Size-prefixed ApiVersions v0 request: api key, api version, correlation id, client id. */
    static byte[] request(int correlationId) {
        int bodySize = 2 + 2 + 4 + 2 + CLIENT_ID.length;
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 + bodySize);
        buffer.putInt(bodySize);
        buffer.putShort(API_VERSIONS_KEY);
        buffer.putShort((short) 0);
        buffer.putInt(correlationId);
        buffer.putShort((short) CLIENT_ID.length);
        buffer.put(CLIENT_ID);
        return buffer.array();
    }

    /**
     * Polls until the broker answers, the child dies, or {@code deadlineNanos} passes.
     *
     * @return {@link System#nanoTime()} at the first answer
     */
    static long awaitReady(ChildJvm broker, String host, int port, long deadlineNanos)
            throws BenchException, InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (!broker.isAlive()) {
                throw new BenchException(broker.name() + " exited during startup; last log lines:\n" + broker.tail(40));
            }
            if (answers(host, port, 2_000)) {
                return System.nanoTime();
            }
            Thread.sleep(5);
        }
        throw new BenchException(broker.name() + " did not answer ApiVersions on " + host + ":" + port
                + " in time; last log lines:\n" + broker.tail(40));
    }
}
