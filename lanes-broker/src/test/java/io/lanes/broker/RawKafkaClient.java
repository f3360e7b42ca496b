package io.lanes.broker;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;

/** A blocking one-connection Kafka client that sends any message at any version; for protocol tests. */
public final class RawKafkaClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int correlationId;

    public RawKafkaClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a request and waits for its response. */
    public AbstractResponse send(ApiKeys api, short version, ApiMessage body) throws IOException {
        RequestHeader header = new RequestHeader(api, version, "raw-client", ++correlationId);
        write(header, body);
        return read(header);
    }

    void write(RequestHeader header, ApiMessage body) throws IOException {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.data().size(cache, header.headerVersion()) + body.size(cache, header.apiVersion());
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        writer.writeInt(size);
        header.data().write(writer, cache, header.headerVersion());
        body.write(writer, cache, header.apiVersion());
        writeRaw(buffer.array());
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    AbstractResponse read(RequestHeader header) throws IOException {
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    /** Reads one length-prefixed frame without interpreting it. */
    public byte[] readRaw() throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }

    /** True when the broker has closed the connection (reads hit end of stream). */
    public boolean closedByBroker() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
