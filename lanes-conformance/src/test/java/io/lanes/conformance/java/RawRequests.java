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
        String[] hostPort = broker.bootstrapServers().split(",")[0].split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5_000);
            socket.setSoTimeout(15_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ApiVersionsResponse versions = (ApiVersionsResponse) exchange(out, in,
                    new ApiVersionsRequest.Builder().build(ApiKeys.API_VERSIONS.latestVersion()));
            ApiVersion supported = versions.apiVersion(api.id);
            if (supported == null) {
                throw new IOException(broker.name() + " does not advertise " + api);
            }
            short version = (short) Math.min(supported.maxVersion(), api.latestVersion());
            return exchange(out, in, builder.build(version));
        }
    }

    private static AbstractResponse exchange(DataOutputStream out, DataInputStream in, AbstractRequest request)
            throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "lanes-conformance",
                CORRELATION.incrementAndGet());
        ByteBuffer frame = request.serializeWithHeader(header);
        out.writeInt(frame.remaining());
        out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }
}
