package io.lanes.storage.internal;

import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the fixed 61-byte header of a magic v2 record batch from a file, without loading the records.
 * A reusable flyweight (one per scan), so scanning allocates nothing per batch.
 *
 * <pre>
 * baseOffset int64 @0 | batchLength int32 @8 | partitionLeaderEpoch int32 @12 | magic int8 @16 | crc uint32 @17
 * attributes int16 @21 | lastOffsetDelta int32 @23 | baseTimestamp int64 @27 | maxTimestamp int64 @35
 * producerId int64 @43 | producerEpoch int16 @51 | baseSequence int32 @53 | recordCount int32 @57 | records @61
 * </pre>
 * {@code batchLength} counts the bytes after the length field, so a batch occupies {@code 12 + batchLength} bytes.
 * Not thread-safe.
 */
public final class BatchHeader {

    public static final int LOG_OVERHEAD = 12;
    public static final int HEADER_SIZE = 61;
    private static final int TRANSACTIONAL_FLAG = 0x10;
    private static final int CONTROL_FLAG = 0x20;

    private final ByteBuffer buf = ByteBuffer.allocate(HEADER_SIZE);
    private long position;

    /**
     * Reads the header at {@code position}.
     *
     * @return false if fewer than {@link #HEADER_SIZE} bytes remain before {@code end}
     */
    public boolean read(FileChannel channel, long position, long end) throws IOException {
        if (end - position < HEADER_SIZE) {
            return false;
        }
        buf.clear();
        this.position = position;
        Utils.readFully(channel, buf, position);
        return !buf.hasRemaining();
    }

    /** File position of the batch whose header was read last. */
    public long position() { return position; }
    public long baseOffset() { return buf.getLong(0); }
    public int sizeInBytes() { return LOG_OVERHEAD + buf.getInt(8); }
    public int partitionLeaderEpoch() { return buf.getInt(12); }
    public byte magic() { return buf.get(16); }
    public long lastOffset() { return baseOffset() + buf.getInt(23); }
    public int lastOffsetDelta() { return buf.getInt(23); }
    public long maxTimestamp() { return buf.getLong(35); }
    public long producerId() { return buf.getLong(43); }
    public short producerEpoch() { return buf.getShort(51); }
    public int baseSequence() { return buf.getInt(53); }
    public boolean isTransactional() { return (buf.getShort(21) & TRANSACTIONAL_FLAG) != 0; }
    public boolean isControl() { return (buf.getShort(21) & CONTROL_FLAG) != 0; }

    public int lastSequence() {
        int base = baseSequence();
        return base == RecordBatch.NO_SEQUENCE ? RecordBatch.NO_SEQUENCE : incrementSequence(base, lastOffsetDelta());
    }

    /** Sequence numbers wrap around at Integer.MAX_VALUE to 0, as in Kafka. */
    public static int incrementSequence(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }
}
