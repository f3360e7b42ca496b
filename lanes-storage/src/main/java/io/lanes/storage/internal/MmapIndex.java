package io.lanes.storage.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A memory-mapped file of fixed-size entries sorted by key, shared by {@link OffsetIndex} and {@link TimeIndex}.
 *
 * <p>While the owning segment is active the file is preallocated to {@code maxIndexSize} (rounded down to a
 * whole number of entries) and the valid entries are a prefix; {@link #trimToValidSize()} cuts the file to
 * exactly {@code entries * entrySize} bytes, as Kafka does on roll and close, so a closed index file holds
 * only valid entries and its length gives the entry count.
 *
 * <p>Thread-safety: a single writer (the partition's append path, or recovery) appends, truncates and remaps.
 * Readers may look up concurrently. An appended entry is written before the volatile {@code entries} count
 * is raised, so a reader that sees the count also sees the bytes (volatile write/read = release/acquire).
 * Remapping and closing take the write lock; lookups hold the read lock, so a reader never touches a
 * buffer that is being replaced.
 */
abstract class MmapIndex implements AutoCloseable {

    protected final long baseOffset;
    private final int entrySize;
    private volatile Path file;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Replaced only under the write lock; read under the read lock or by the single writer. */
    private MappedByteBuffer mmap;
    private volatile int entries;
    private int maxEntries;
    private boolean closed;

    MmapIndex(Path file, long baseOffset, int maxIndexSize, int entrySize, boolean writable) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        try {
            boolean existed = Files.exists(file);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), writable ? "rw" : "r")) {
                long len = existed ? raf.length() : 0;
                this.entries = (int) (len / entrySize);
                if (writable && roundDown(maxIndexSize) > len) {
                    // New files are preallocated; an existing index of the active segment grows back
                    // to full size, like Kafka on load.
                    raf.setLength(roundDown(maxIndexSize));
                    len = raf.length();
                }
                this.mmap = raf.getChannel().map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, len);
                this.maxEntries = (int) (len / entrySize);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open index " + file, e);
        }
    }

    private int roundDown(int size) {
        return size - size % entrySize;
    }

    final int entries() {
        return entries;
    }

    final int maxEntries() {
        return maxEntries;
    }

    final boolean isFull() {
        return entries >= maxEntries;
    }

    final Path file() {
        return file;
    }

    final int entrySize() {
        return entrySize;
    }

    /** Binary search: index of the last entry whose key is <= target, or -1. Caller holds the read lock. */
    protected final int floorSlot(MappedByteBuffer buf, int n, long target) {
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long key = keyAt(buf, mid);
            if (key <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    protected abstract long keyAt(MappedByteBuffer buf, int slot);

    /** Runs a lookup against a stable buffer. */
    protected final <T> T withBuffer(java.util.function.BiFunction<MappedByteBuffer, Integer, T> lookup) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("Index closed: " + file);
            }
            return lookup.apply(mmap, entries);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Writer only: the buffer to append into. */
    protected final MappedByteBuffer writerBuffer() {
        return mmap;
    }

    /** Writer only: publishes one more entry (after its bytes are written). */
    protected final void publishAppended() {
        entries = entries + 1; // volatile write: release of the entry bytes written before
    }

    /** Writer only: forgets every entry at or after {@code slot}. */
    protected final void truncateToSlot(int slot) {
        if (slot < entries) {
            entries = slot;
            MappedByteBuffer buf = mmap;
            for (int i = slot * entrySize; i < Math.min(buf.limit(), (slot + 1) * entrySize); i++) {
                buf.put(i, (byte) 0);
            }
        }
    }

    /** Writer only: forgets all entries (before a rebuild). */
    final void reset() {
        truncateToSlot(0);
    }

    /** Cuts the file to exactly the valid entries and remaps it (on roll and close). */
    final void trimToValidSize() {
        resize(entries * entrySize);
    }

    /** Writer only: sets the file length (rounded down to whole entries) and remaps. */
    final void resize(int newSize) {
        int size = roundDown(Math.max(newSize, entries * entrySize));
        lock.writeLock().lock();
        try {
            if (closed || size == mmap.capacity()) {
                return;
            }
            // No force() here: dirty pages below the new length stay in the page cache and are written
            // back with the file; the segment flush (fsync of a rolled segment) makes them durable.
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(size);
                // The old mapping is dropped and left to the GC: explicit unmapping needs JDK internals,
                // and no reader can still hold it because readers take the read lock.
                mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, size);
                maxEntries = size / entrySize;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resize index " + file, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    final void flush() {
        lock.readLock().lock();
        try {
            if (!closed) {
                Fsync.mmap(mmap);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    final void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            // Replaces: a cleaned segment keeps its base offset, so an older .deleted twin may still be waiting.
            org.apache.kafka.common.utils.Utils.atomicMoveWithFallback(file, target, false);
        }
        file = target;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    final boolean deleteIfExists() throws IOException {
        close();
        return Files.deleteIfExists(file);
    }

}
