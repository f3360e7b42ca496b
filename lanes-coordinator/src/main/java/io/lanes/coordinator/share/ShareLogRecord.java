package io.lanes.coordinator.share;

import java.nio.ByteBuffer;

/**
 * One record of the partition a share group reads, as the share-partition needs it to acquire: its offset, its
 * key (null when the producer sent none; the buffer is read from position to limit and never modified) and the
 * last offset of the producer batch it belongs to (for {@link AcquireMode#BATCH_OPTIMIZED}). Immutable.
 */
public record ShareLogRecord(long offset, ByteBuffer key, long batchLastOffset) {
    public ShareLogRecord {
        if (batchLastOffset < offset) {
            throw new IllegalArgumentException("batchLastOffset " + batchLastOffset + " < offset " + offset);
        }
    }
}
