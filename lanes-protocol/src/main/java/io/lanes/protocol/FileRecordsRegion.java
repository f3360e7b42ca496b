package io.lanes.protocol;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.internal.FileRecords;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A slice of a log segment sent with {@link FileChannel#transferTo} (sendfile), so fetched
 * bytes go from the page cache to the socket without passing through the JVM heap.
 *
 * <p>The file channel belongs to the log segment: releasing the region does not close it.
 * Not thread-safe; used by one channel's event loop.
 */
final class FileRecordsRegion extends AbstractReferenceCounted implements FileRegion {
    private final FileRecords records;
    private final int count;
    private long transferred;

    FileRecordsRegion(FileRecords records) {
        this.records = records;
        this.count = records.sizeInBytes();
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        int left = (int) (count - position);
        if (left <= 0) {
            return 0;
        }
        long written = records.writeTo(new Target(target), (int) position, left);
        transferred += written;
        return written;
    }

    /** Lets {@link FileRecords#writeTo} transfer straight into a socket channel. */
    private record Target(WritableByteChannel socket) implements TransferableChannel {
        @Override
        public boolean hasPendingWrites() {
            return false;
        }

        @Override
        public long transferFrom(FileChannel file, long position, long count) throws IOException {
            return file.transferTo(position, count, socket);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return socket.write(src);
        }

        @Override
        public boolean isOpen() {
            return socket.isOpen();
        }

        @Override
        public void close() {
            // The socket belongs to Netty.
        }
    }

    @Override
    public FileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileRegion touch() {
        return this;
    }

    @Override
    public FileRegion touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        // The log segment owns the file channel.
    }
}
