package io.lanes.coordinator.share;

import java.nio.ByteBuffer;

/**
 * One record of the partition a share group reads, as the share-partition needs it to acquire: its offset, its
 * key (null when the producer sent none; the buffer is read from position to limit and never modified), the
 * last offset of the producer batch it belongs to (for {@link AcquireMode#BATCH_OPTIMIZED}) and whether it belongs
 * to an aborted transaction that the group must not see ({@code share.isolation.level=read_committed}: such a
 * record is archived, never acquired, as in Kafka). Immutable.
 */
public record ShareLogRecord(long offset, ByteBuffer key, long batchLastOffset, boolean aborted) {
    public ShareLogRecord {
        if (batchLastOffset < offset) {
            throw new IllegalArgumentException("batchLastOffset " + batchLastOffset + " < offset " + offset);
        }
    }

    /** A record to deliver (not aborted, or read uncommitted). */
    public ShareLogRecord(long offset, ByteBuffer key, long batchLastOffset) {
        this(offset, key, batchLastOffset, false);
    }
}
