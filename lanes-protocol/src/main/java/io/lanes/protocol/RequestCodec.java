package io.lanes.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Decodes request frames and encodes responses with kafka-clients' generated message classes.
 *
 * <p>Stateless and thread-safe. This is the seam between raw bytes and typed messages: nothing
 * else in Lanes reads or writes the wire format of headers and bodies.
 */
public final class RequestCodec {
    private RequestCodec() {
    }

    /**
     * Reads the request header of a frame, once per request, leaving the frame's position unchanged.
     *
     * @return the header, and the body positioned after it for {@link #decode(RequestFrame)}
     * @throws InvalidRequestException if the header cannot be parsed or names an unknown API
     */
    public static RequestFrame readHeader(ByteBuffer frame) {
        ByteBuffer buffer = frame.duplicate();
        RequestHeader header;
        try {
            header = RequestHeader.parse(buffer);
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cannot parse request header: " + e.getMessage(), e);
        }
        return new RequestFrame(header, buffer);
    }

    /**
     * Decodes a whole frame: header, then the body at the header's API version.
     *
     * @throws InvalidRequestException if the header or body is malformed
     * @see #decode(RequestFrame)
     */
    public static DecodedRequest decode(ByteBuffer frame) {
        return decode(readHeader(frame));
    }

    /**
     * Decodes the body of a frame whose header is already read, at the header's API version; the header is not
     * parsed again.
     *
     * <p>Bytes left in the frame after the last field of the body's version are ignored, as
     * Kafka's {@code RequestContext} ignores them (librdkafka 2.10+ sends Metadata v9+ requests
     * with 3 such bytes); {@link DecodedRequest#trailingBytes()} reports how many there were.
     *
     * @throws InvalidRequestException if the body is malformed or shorter than its version requires
     */
    public static DecodedRequest decode(RequestFrame frame) {
        RequestHeader header = frame.header();
        ByteBuffer buffer = frame.body().duplicate();
        short version = header.apiVersion();
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(header.apiKey(), version, new ByteBufferAccessor(buffer)).request;
        } catch (RuntimeException e) {
            throw new InvalidRequestException("malformed " + header.apiKey() + " v" + version + " request: " + e, e);
        }
        return new DecodedRequest(header, request, buffer.remaining());
    }

    /**
     * Encodes a response frame: the 4-byte size, the response header and the body, as Netty
     * messages to write in order (pooled direct buffers, and a zero-copy file region for each
     * file-backed record set of a fetch response).
     *
     * @param apiKey     the API being answered; decides the response header version
     * @param apiVersion the version the request used, and so the response's
     */
    public static List<Object> encodeResponse(ByteBufAllocator allocator, ApiKeys apiKey, short apiVersion,
                                              int correlationId, ApiMessage body) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        short headerVersion = apiKey.responseHeaderVersion(apiVersion);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        int headerSize = header.size(cache, headerVersion);
        int bodySize = body.size(cache, apiVersion);
        ResponseWriter writer = new ResponseWriter(allocator, 4 + headerSize + bodySize);
        writer.writeInt(headerSize + bodySize);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, apiVersion);
        List<Object> parts = writer.finish();
        long written = 0;
        for (Object part : parts) {
            written += part instanceof ByteBuf buf ? buf.readableBytes() : ((FileRegion) part).count();
        }
        if (written != 4L + headerSize + bodySize) {
            parts.forEach(ReferenceCountUtil::release);
            throw new IllegalStateException(apiKey + " v" + apiVersion + " response wrote " + written
                    + " bytes but sized " + (4 + headerSize + bodySize));
        }
        return parts;
    }
}
