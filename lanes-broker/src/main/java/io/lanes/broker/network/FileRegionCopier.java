package io.lanes.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * Copies a {@link FileRegion} (zero-copy fetch data) into a buffer on TLS connections: the TLS
 * handler encrypts buffers only, so records must pass through memory there, as Kafka gives up
 * zero-copy on SSL listeners. Stateless and sharable.
 */
@ChannelHandler.Sharable
final class FileRegionCopier extends MessageToMessageEncoder<FileRegion> {
    static final FileRegionCopier INSTANCE = new FileRegionCopier();

    private FileRegionCopier() {
        super(FileRegion.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, FileRegion region, List<Object> out) throws IOException {
        int size = Math.toIntExact(region.count() - region.transferred());
        ByteBuf copy = ctx.alloc().buffer(size);
        try {
            WritableByteChannel sink = new WritableByteChannel() {
                @Override
                public int write(ByteBuffer src) {
                    int n = src.remaining();
                    copy.writeBytes(src);
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
            while (region.transferred() < region.count()) {
                long written = region.transferTo(sink, region.transferred());
                if (written <= 0) {
                    throw new IOException("the file behind a fetch response ended early");
                }
            }
            out.add(copy);
        } catch (IOException | RuntimeException e) {
            copy.release();
            throw e;
        }
    }
}
