package io.lanes.launch;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decides when a broker "is up": it answers a Kafka ApiVersions request on its client port.
 *
 * <p>The request is ApiVersions v0 (request header v1), which every Kafka-protocol broker must at least answer,
 * if only with UNSUPPORTED_VERSION; any well-framed response carrying our correlation id counts, because what is
 * asked is "serves Kafka requests", not the version range. Lanes and Kafka both take connections only once they
 * serve requests. The check is raw bytes over a socket: a Kafka client would add its own reconnect back-off to
 * start-up times. Thread-safe (stateless).
 */
public final class Readiness {

    private static final short API_VERSIONS_KEY = 18;
    private static final byte[] CLIENT_ID = "lanes-launch-probe".getBytes(StandardCharsets.UTF_8);
    private static final int TAIL_LINES = 40;

    private Readiness() {
    }

    /**
     * One attempt: connect, send ApiVersions v0, read the response header.
     *
     * @return true when a response with our correlation id arrived within {@code timeoutMillis}
     */
    public static boolean answersApiVersions(String host, int port, int timeoutMillis) {
        int correlationId = (int) (System.nanoTime() & 0x7fffffff);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(apiVersionsRequest(correlationId));
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
    public static byte[] apiVersionsRequest(int correlationId) {
        int bodySize = 2 + 2 + 4 + 2 + CLIENT_ID.length;
        ByteBuffer buffer = ByteBuffer.allocate(4 + bodySize);
        buffer.putInt(bodySize);
        buffer.putShort(API_VERSIONS_KEY);
        buffer.putShort((short) 0);
        buffer.putInt(correlationId);
        buffer.putShort((short) CLIENT_ID.length);
        buffer.put(CLIENT_ID);
        return buffer.array();
    }

    /**
     * Polls until the broker in {@code child} answers ApiVersions on {@code host:port}, the child exits, or
     * {@code deadlineNanos} ({@link System#nanoTime()} based) passes. A child that does not answer in time is
     * left running: the caller decides whether to kill it.
     *
     * @return {@link System#nanoTime()} at the first answer
     * @throws BrokerStartException.PortTaken when the child exited because a port was taken
     */
    public static long awaitApiVersions(ChildJvm child, String host, int port, long deadlineNanos)
            throws BrokerStartException, InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (!child.isAlive()) {
                throw BrokerStartException.exited(child.name(), child.exitCode(), child.tail(TAIL_LINES));
            }
            if (answersApiVersions(host, port, 2_000)) {
                return System.nanoTime();
            }
            Thread.sleep(5);
        }
        throw new BrokerStartException(child.name() + " did not answer ApiVersions on " + host + ":" + port
                + " in time; last log lines:\n" + child.tail(TAIL_LINES));
    }

    /** Whether something accepts TCP connections on this loopback port. */
    public static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An admin client with short timeouts and back-offs, for polling a starting broker. */
    public static Admin probeAdmin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200));
    }
}
