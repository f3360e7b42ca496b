package io.lanes.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Splits the inbound byte stream into Kafka request frames.
 *
 * <p>Format: a 4-byte big-endian size N followed by N bytes of request (header and body).
 * Emits each frame body as a retained slice of the cumulation buffer, without the size
 * prefix; the next handler must release it.
 *
 * <p>A negative size or one above {@code socket.request.max.bytes} cannot be recovered from
 * (the stream position is lost), so it raises an exception and the pipeline closes the
 * connection, as Kafka does.
 *
 * <p>Not sharable: one instance per channel, used from its event loop only.
 */
public final class KafkaFrameDecoder extends ByteToMessageDecoder {
    private static final int SIZE_PREFIX = 4;

    private final int maxFrameBytes;

    public KafkaFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= SIZE_PREFIX) {
            int size = in.getInt(in.readerIndex());
            if (size < 0) {
                throw new CorruptedFrameException("negative request size " + size);
            }
            if (size > maxFrameBytes) {
                throw new TooLongFrameException("request size " + size + " is larger than socket.request.max.bytes ("
                        + maxFrameBytes + ")");
            }
            if (in.readableBytes() < SIZE_PREFIX + size) {
                return;
            }
            in.skipBytes(SIZE_PREFIX);
            out.add(in.readRetainedSlice(size));
        }
    }
}
