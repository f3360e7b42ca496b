package io.lanes.protocol;

import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;

/**
 * A request frame whose header has been read: the header, and the body still undecoded (a view of the frame
 * from the first byte after the header to the end). The header is parsed once per request; decoding the body
 * with {@link RequestCodec#decode(RequestFrame)} reuses it.
 *
 * <p>Immutable as long as nobody moves the body buffer's position; {@link RequestCodec} reads a duplicate. The
 * body shares memory with the frame and is valid only until the frame is released.
 */
public record RequestFrame(RequestHeader header, ByteBuffer body) {
}
