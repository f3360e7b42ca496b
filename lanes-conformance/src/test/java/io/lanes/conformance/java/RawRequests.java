package io.lanes.conformance.java;

import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends single protocol requests over a plain socket, for APIs the 4.x {@code Admin} no longer
 * exposes (the legacy, non-incremental {@code AlterConfigs}). Uses the request and response
 * classes of kafka-clients, so only the framing is done here.
 */
public final class RawRequests {

    private static final AtomicInteger CORRELATION = new AtomicInteger();

    private RawRequests() {
    }

    /**
     * The legacy AlterConfigs: replaces every dynamic config of the resource with
     * {@code configs}, at the highest version both sides support.
     *
     * @return the error for the resource, {@link Errors#NONE} on success
     */
    public static ApiError alterConfigs(BrokerUnderTest broker, ConfigResource resource, Map<String, String> configs)
            throws IOException {
        List<AlterConfigsRequest.ConfigEntry> entries = configs.entrySet().stream()
                .map(e -> new AlterConfigsRequest.ConfigEntry(e.getKey(), e.getValue()))
                .toList();
        AlterConfigsRequest.Builder request = new AlterConfigsRequest.Builder(
                Map.of(resource, new AlterConfigsRequest.Config(entries)), false);
        AlterConfigsResponse response = (AlterConfigsResponse) send(broker, request, ApiKeys.ALTER_CONFIGS);
        return response.errors().get(resource);
    }

    /** Sends one request at the highest version both the client and the broker support. */
    public static AbstractResponse send(BrokerUnderTest broker, AbstractRequest.Builder<?> builder, ApiKeys api)
            throws IOException {
        try (Connection connection = Connection.open(broker)) {
            return connection.send(builder.build(connection.version(api)));
        }
    }

    /**
     * One client connection that learnt the broker's API versions (with ApiVersions) and sends
     * requests one at a time. Not thread-safe.
     */
    public static final class Connection implements AutoCloseable {
        private final BrokerUnderTest broker;
        private final Socket socket;
        private final DataOutputStream out;
        private final DataInputStream in;
        private static final short API_VERSIONS_VERSION = 4;
        private final ApiVersionsResponse versions;

        private Connection(BrokerUnderTest broker, Socket socket) throws IOException {
            this.broker = broker;
            this.socket = socket;
            this.out = new DataOutputStream(socket.getOutputStream());
            this.in = new DataInputStream(socket.getInputStream());
            // v4, not kafka-clients' latest: a broker answers a version it does not serve with a v0
            // UNSUPPORTED_VERSION response, which this one-shot reader would not parse (Lanes serves up to v4).
            this.versions = (ApiVersionsResponse) send(
                    new ApiVersionsRequest.Builder().build(API_VERSIONS_VERSION));
        }

        /** Connects to the first bootstrap address and exchanges ApiVersions. */
        public static Connection open(BrokerUnderTest broker) throws IOException {
            String[] hostPort = broker.bootstrapServers().split(",")[0].split(":");
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5_000);
                socket.setSoTimeout(15_000);
                return new Connection(broker, socket);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        /** The highest version of {@code api} both this client and the broker support. */
        public short version(ApiKeys api) throws IOException {
            ApiVersion supported = versions.apiVersion(api.id);
            if (supported == null) {
                throw new IOException(broker.name() + " does not advertise " + api);
            }
            return (short) Math.min(supported.maxVersion(), api.latestVersion());
        }

        /** Sends a request and reads its response. */
        public AbstractResponse send(AbstractRequest request) throws IOException {
            return send(request, new byte[0], 0);
        }

        /**
         * Sends a request whose frame is altered, and reads its response: {@code trailing} bytes appended after
         * the body (as librdkafka 2.10+ does for Metadata), and the last {@code cut} bytes of the body left out.
         * The broker may close the connection instead of answering (an {@code EOFException} here).
         */
        public AbstractResponse send(AbstractRequest request, byte[] trailing, int cut) throws IOException {
            RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "lanes-conformance",
                    CORRELATION.incrementAndGet());
            ByteBuffer frame = request.serializeWithHeader(header);
            int length = frame.remaining() - cut;
            out.writeInt(length + trailing.length);
            out.write(frame.array(), frame.arrayOffset() + frame.position(), length);
            out.write(trailing);
            out.flush();
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            return AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
