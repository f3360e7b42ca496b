package io.lanes.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Writable} that lays a response out as Netty messages ready to send: byte fields go
 * into pooled buffers, and file-backed records become {@link FileRecordsRegion}s so the kernel
 * copies them from the page cache to the socket (zero-copy), as Kafka does for fetches.
 *
 * <p>Not thread-safe; one instance per response. The caller owns the returned parts and must
 * write (or release) each of them.
 */
final class ResponseWriter implements Writable {
    private final ByteBufAllocator allocator;
    private final List<Object> parts = new ArrayList<>(3);
    private ByteBuf current;
    private int remaining;

    /** @param size the exact number of bytes that will be written */
    ResponseWriter(ByteBufAllocator allocator, int size) {
        this.allocator = allocator;
        this.remaining = size;
        this.current = allocator.directBuffer(size);
    }

    /** The parts written so far, in order; a {@link ByteBuf} or a {@link FileRecordsRegion} each. */
    List<Object> finish() {
        if (current.isReadable()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
        return parts;
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof FileRecords file && file.sizeInBytes() > 0) {
            int size = file.sizeInBytes();
            remaining -= current.writerIndex() + size;
            parts.add(current);
            parts.add(new FileRecordsRegion(file));
            current = allocator.directBuffer(Math.max(remaining, 0));
        } else if (records instanceof MemoryRecords memory) {
            writeByteBuffer(memory.buffer());
        } else if (records != null && records.sizeInBytes() > 0) {
            throw new IllegalArgumentException("cannot write records of type " + records.getClass().getName());
        }
    }

    @Override
    public void writeByte(byte val) {
        current.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        current.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        current.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        current.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        current.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        current.writeBytes(arr);
    }

    @Override
    public void writeUnsignedVarint(int value) {
        int v = value;
        while ((v & 0xffffff80) != 0) {
            current.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        current.writeByte(v);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        current.writeBytes(buf.duplicate());
    }

    @Override
    public void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    @Override
    public void writeVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            current.writeByte(((int) v & 0x7f) | 0x80);
            v >>>= 7;
        }
        current.writeByte((int) v);
    }
}
