package io.lanes.coordinator.runtime;

import org.apache.kafka.common.protocol.types.Struct;

import java.nio.ByteBuffer;

/**
 * One record of a coordinator's internal topic: a serialized key and value. A null value is a
 * tombstone (the key is deleted, and compaction may drop every earlier record of the key).
 * The buffers are read from their position to their limit and must not be modified.
 */
public record CoordinatorRecord(ByteBuffer key, ByteBuffer value) {
    public boolean isTombstone() {
        return value == null;
    }

    /** A key or value as coordinators write them: an int16 (key type or value version), then the struct. */
    public static ByteBuffer prefixed(short prefix, Struct struct) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + struct.sizeOf());
        buffer.putShort(prefix);
        struct.writeTo(buffer);
        return buffer.flip();
    }
}
