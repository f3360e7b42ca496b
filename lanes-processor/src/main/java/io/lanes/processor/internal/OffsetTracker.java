package io.lanes.processor.internal;

/**
 * The completion state of one partition's offsets: which offsets at or above the first incomplete
 * one (the {@link #base() base}, the offset to commit) are complete.
 *
 * <p>Offsets are {@linkplain #received received} in increasing order, possibly with gaps (offsets
 * that hold no record: transaction markers, compacted or aborted records); a gap counts as
 * complete. Offsets complete in any order. The state is a bit set over {@code [origin, end)}: bit
 * {@code o - origin} is set when offset {@code o} is complete. The array is compacted when the
 * base has moved half of it away, so memory follows the span between the first incomplete and the
 * last received offset, not the number of records handled.
 *
 * <p>Not thread-safe: its owner ({@link PartitionState}) guards it.
 */
public final class OffsetTracker {

    private long origin;
    private long base;
    private long end;
    private long highestCompleted = -1;
    private long[] words = new long[4];
    private long version;

    /** A tracker whose first incomplete offset is {@code base} and which has received nothing yet. */
    public OffsetTracker(long base) {
        this.origin = base;
        this.base = base;
        this.end = base;
    }

    /** The first offset not known to be complete: the offset to commit. */
    public long base() {
        return base;
    }

    /** One past the highest received offset. */
    public long end() {
        return end;
    }

    /** The highest completed offset, or -1. */
    public long highestCompleted() {
        return highestCompleted;
    }

    /** Changes with every completion, so a caller can tell whether a commit would say anything new. */
    public long version() {
        return version;
    }

    /**
     * Records that {@code offset} was fetched and is now pending; the offsets between the previous
     * received one and it hold no record, so they are complete.
     *
     * @throws IllegalArgumentException if {@code offset} is below {@link #end()}
     */
    public void received(long offset) {
        if (offset < end) {
            throw new IllegalArgumentException("offset " + offset + " received after " + (end - 1));
        }
        if (base == end) {
            // Everything so far is complete: the gap moves the base; nothing needs remembering.
            base = offset;
            origin = offset;
            java.util.Arrays.fill(words, 0L);
        } else {
            ensureCapacity(offset);
            setRange(end, offset);
        }
        end = offset + 1;
        version++;
    }

    /** Marks a received offset complete and moves the base over the completed prefix. */
    public void complete(long offset) {
        if (offset < base || offset >= end) {
            return; // already complete (below the base) or never received: nothing to record
        }
        long index = offset - origin;
        words[(int) (index >>> 6)] |= 1L << index;
        if (offset > highestCompleted) {
            highestCompleted = offset;
        }
        if (offset == base) {
            advanceBase();
        }
        version++;
    }

    /** Whether {@code offset} is known complete: below the base, or completed above it. */
    public boolean isComplete(long offset) {
        if (offset < base) {
            return true;
        }
        if (offset >= end) {
            return false;
        }
        long index = offset - origin;
        return (words[(int) (index >>> 6)] & (1L << index)) != 0;
    }

    private void advanceBase() {
        while (base < end) {
            long index = base - origin;
            long word = words[(int) (index >>> 6)] >>> (index & 63);
            if (word == 0) {
                break;
            }
            int ones = Long.numberOfTrailingZeros(~word);
            base = Math.min(end, base + ones);
            if (ones < 64 - (index & 63)) {
                break;
            }
        }
        if (base == end) {
            origin = base;
            java.util.Arrays.fill(words, 0L);
        } else if (base - origin >= 64L * words.length / 2) {
            compact();
        }
    }

    private void compact() {
        int shift = (int) ((base - origin) >>> 6);
        System.arraycopy(words, shift, words, 0, words.length - shift);
        java.util.Arrays.fill(words, words.length - shift, words.length, 0L);
        origin += 64L * shift;
    }

    private void ensureCapacity(long offset) {
        long needed = ((offset - origin) >>> 6) + 1;
        if (needed > words.length) {
            if (base - origin >= 64) {
                compact();
                needed = ((offset - origin) >>> 6) + 1;
            }
            if (needed > words.length) {
                long[] grown = new long[(int) Math.max(needed, words.length * 2L)];
                System.arraycopy(words, 0, grown, 0, words.length);
                words = grown;
            }
        }
    }

    /** Sets the bits of {@code [from, to)}, a word at a time where it can. */
    private void setRange(long from, long to) {
        long index = from - origin;
        long stop = to - origin;
        while (index < stop) {
            int word = (int) (index >>> 6);
            int bit = (int) (index & 63);
            int count = (int) Math.min(64 - bit, stop - index);
            long mask = count == 64 ? -1L : ((1L << count) - 1) << bit;
            words[word] |= mask;
            index += count;
        }
    }
}
