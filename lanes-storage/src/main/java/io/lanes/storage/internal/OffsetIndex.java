package io.lanes.storage.internal;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * Sparse offset index of one segment, Kafka's {@code .index} format: 8-byte big-endian entries of
 * (4-byte offset relative to the segment base offset, 4-byte physical position of a batch in the
 * {@code .log} file). The offset of an entry is the <em>last</em> offset of the batch at that position,
 * as Kafka writes it. Entries are appended every {@code index.interval.bytes} of log data, offsets and
 * positions strictly increasing. Thread-safety: see {@link MmapIndex}.
 */
public final class OffsetIndex extends MmapIndex {

    static final int ENTRY_SIZE = 8;

    /** (offset, position) of an index entry; the segment start when no entry qualifies. */
    public record Entry(long offset, int position) {
    }

    /**
     * @param maxIndexSize size to preallocate/grow to while active; -1 (or less than the file) to keep the file as is
     */
    public OffsetIndex(Path file, long baseOffset, int maxIndexSize, boolean writable) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, writable);
    }

    @Override
    protected long keyAt(MappedByteBuffer buf, int slot) {
        return baseOffset + buf.getInt(slot * ENTRY_SIZE);
    }

    /** The last entry with offset <= target, or (baseOffset, 0). */
    public Entry lookup(long targetOffset) {
        return withBuffer((buf, n) -> {
            int slot = floorSlot(buf, n, targetOffset);
            return slot < 0 ? new Entry(baseOffset, 0) : entryAt(buf, slot);
        });
    }

    /**
     * The last entry with offset <= target and position < maxPosition, or (baseOffset, 0). Readers pass the
     * log size they saw, so entries of an append they cannot see yet are skipped.
     */
    public Entry lookup(long targetOffset, int maxPosition) {
        return withBuffer((buf, n) -> {
            int slot = floorSlot(buf, n, targetOffset);
            while (slot >= 0 && buf.getInt(slot * ENTRY_SIZE + 4) >= maxPosition) {
                slot--;
            }
            return slot < 0 ? new Entry(baseOffset, 0) : entryAt(buf, slot);
        });
    }

    /** The last entry with position <= target, or (baseOffset, 0). Positions increase like offsets. */
    public Entry floorByPosition(long targetPosition) {
        return withBuffer((buf, n) -> {
            int lo = 0;
            int hi = n - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (buf.getInt(mid * ENTRY_SIZE + 4) <= targetPosition) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found < 0 ? new Entry(baseOffset, 0) : entryAt(buf, found);
        });
    }

    public Entry entry(int slot) {
        return withBuffer((buf, n) -> entryAt(buf, slot));
    }

    /** The last entry, or (baseOffset, 0) when empty. */
    public Entry lastEntry() {
        return withBuffer((buf, n) -> n == 0 ? new Entry(baseOffset, 0) : entryAt(buf, n - 1));
    }

    private Entry entryAt(MappedByteBuffer buf, int slot) {
        return new Entry(baseOffset + buf.getInt(slot * ENTRY_SIZE), buf.getInt(slot * ENTRY_SIZE + 4));
    }

    /** Writer only. Caller guarantees offset > last entry's offset and fits in an int relative to the base. */
    public void append(long offset, int position) {
        int n = entries();
        if (n >= maxEntries()) {
            throw new IllegalStateException("Offset index full: " + file());
        }
        MappedByteBuffer buf = writerBuffer();
        buf.putInt(n * ENTRY_SIZE, (int) (offset - baseOffset));
        buf.putInt(n * ENTRY_SIZE + 4, position);
        publishAppended();
    }

    /** Drops entries with offset >= the given offset. */
    public void truncateTo(long offset) {
        int slot = withBuffer((buf, n) -> floorSlot(buf, n, offset - 1)) + 1;
        truncateToSlot(slot);
    }

    /**
     * Checks what Kafka checks before trusting an index file: whole entries, increasing offsets and positions
     * within the log, offsets at or above the base.
     */
    public boolean isSane(long logSizeInBytes) {
        return withBuffer((buf, n) -> {
            long prevOffset = baseOffset - 1;
            int prevPos = -1;
            for (int i = 0; i < n; i++) {
                Entry e = entryAt(buf, i);
                if (e.offset() <= prevOffset && !(i == 0 && e.offset() == baseOffset)) {
                    return false;
                }
                if (e.position() <= prevPos || e.position() >= logSizeInBytes) {
                    return false;
                }
                prevOffset = e.offset();
                prevPos = e.position();
            }
            return true;
        });
    }
}
