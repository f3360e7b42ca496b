package io.lanes.storage.internal;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * Sparse time index of one segment, Kafka's {@code .timeindex} format: 12-byte big-endian entries of
 * (8-byte timestamp, 4-byte offset relative to the segment base offset). Each entry is the largest batch
 * max timestamp seen so far in the segment and the last offset of the batch that carried it; timestamps
 * strictly increase. One entry is added per offset-index entry (when the timestamp grew) and a final one
 * when the segment becomes inactive or is closed. Thread-safety: see {@link MmapIndex}.
 */
public final class TimeIndex extends MmapIndex {

    static final int ENTRY_SIZE = 12;

    /** (timestamp, offset) of an index entry. */
    public record Entry(long timestamp, long offset) {
    }

    public TimeIndex(Path file, long baseOffset, int maxIndexSize, boolean writable) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, writable);
    }

    @Override
    protected long keyAt(MappedByteBuffer buf, int slot) {
        return buf.getLong(slot * ENTRY_SIZE);
    }

    private Entry entryAt(MappedByteBuffer buf, int slot) {
        return new Entry(buf.getLong(slot * ENTRY_SIZE), baseOffset + buf.getInt(slot * ENTRY_SIZE + 8));
    }

    /** The last entry with timestamp <= target, or (-1, baseOffset). */
    public Entry lookup(long targetTimestamp) {
        return withBuffer((buf, n) -> {
            int slot = floorSlot(buf, n, targetTimestamp);
            return slot < 0 ? new Entry(-1L, baseOffset) : entryAt(buf, slot);
        });
    }

    /** The last entry, or (-1, baseOffset) when empty. */
    public Entry lastEntry() {
        return withBuffer((buf, n) -> n == 0 ? new Entry(-1L, baseOffset) : entryAt(buf, n - 1));
    }

    public Entry entry(int slot) {
        return withBuffer((buf, n) -> entryAt(buf, slot));
    }

    /**
     * Writer only. Appends when the timestamp grew (Kafka keeps timestamps strictly increasing).
     * {@code skipFullCheck} is for the final entry on roll/close, for which a slot is always reserved.
     */
    public void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        int n = entries();
        if (n > 0 && timestamp <= keyAt(writerBuffer(), n - 1)) {
            return;
        }
        if (n >= maxEntries() || (!skipFullCheck && n >= maxEntries() - 1)) {
            return;
        }
        MappedByteBuffer buf = writerBuffer();
        buf.putLong(n * ENTRY_SIZE, timestamp);
        buf.putInt(n * ENTRY_SIZE + 8, (int) (offset - baseOffset));
        publishAppended();
    }

    /** Full when only the slot reserved for the final entry is left. */
    public boolean isAlmostFull() {
        return entries() >= maxEntries() - 1;
    }

    /** Drops entries with offset >= the given offset. Entries are ordered by offset too. */
    public void truncateTo(long offset) {
        int keep = withBuffer((buf, n) -> {
            int i = 0;
            while (i < n && baseOffset + buf.getInt(i * ENTRY_SIZE + 8) < offset) {
                i++;
            }
            return i;
        });
        truncateToSlot(keep);
    }

    public boolean isSane() {
        return withBuffer((buf, n) -> {
            long prevTs = Long.MIN_VALUE;
            long prevOffset = baseOffset - 1;
            for (int i = 0; i < n; i++) {
                Entry e = entryAt(buf, i);
                if (e.timestamp() <= prevTs || e.offset() < prevOffset || e.offset() < baseOffset) {
                    return false;
                }
                prevTs = e.timestamp();
                prevOffset = e.offset();
            }
            return true;
        });
    }
}
