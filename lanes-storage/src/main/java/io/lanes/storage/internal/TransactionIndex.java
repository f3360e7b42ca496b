package io.lanes.storage.internal;

import io.lanes.storage.AbortedTxn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The aborted transactions whose abort marker is in one segment: {@code <base>.txnindex}, Kafka's format, so
 * Kafka's tools read it. Entries of 34 bytes, big-endian, in marker order:
 *
 * <pre>
 * int16 version = 0 | int64 producerId | int64 firstOffset | int64 lastOffset (the marker) | int64 lastStableOffset
 * </pre>
 *
 * The file is created with the first entry (most segments have none). All entries are also kept in memory:
 * aborts are rare and a read_committed fetch consults them on every call.
 *
 * <p>Thread-safety: one writer (the partition's append lock); readers see an immutable list published through
 * a volatile field.
 */
public final class TransactionIndex {

    static final int ENTRY_SIZE = 34;
    private static final short VERSION = 0;

    private Path file;
    private FileChannel channel;
    private volatile List<AbortedTxn> entries;

    private TransactionIndex(Path file, List<AbortedTxn> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Opens the index of a segment, reading the entries the file holds (none if it does not exist). */
    public static TransactionIndex open(Path file) throws IOException {
        List<AbortedTxn> entries = new ArrayList<>();
        if (Files.exists(file)) {
            ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
            // A torn last entry (crash while appending) is dropped; recovery rewrites what follows the snapshot.
            while (all.remaining() >= ENTRY_SIZE) {
                all.getShort();
                entries.add(new AbortedTxn(all.getLong(), all.getLong(), all.getLong(), all.getLong()));
            }
        }
        return new TransactionIndex(file, List.copyOf(entries));
    }

    /** Creates an empty index, removing any file left from an earlier segment with the same base offset. */
    public static TransactionIndex create(Path file) throws IOException {
        Files.deleteIfExists(file);
        return new TransactionIndex(file, List.of());
    }

    public List<AbortedTxn> entries() {
        return entries;
    }

    public Path file() {
        return file;
    }

    /** Appends an entry. Writer only. */
    public void append(AbortedTxn txn) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(ENTRY_SIZE);
        buf.putShort(VERSION).putLong(txn.producerId()).putLong(txn.firstOffset()).putLong(txn.lastOffset())
                .putLong(txn.lastStableOffset()).flip();
        FileChannel ch = channel();
        while (buf.hasRemaining()) {
            ch.write(buf, ch.size());
        }
        List<AbortedTxn> next = new ArrayList<>(entries);
        next.add(txn);
        entries = List.copyOf(next);
    }

    /** Drops every entry whose marker is at or after {@code offset} (Kafka's truncation rule). Writer only. */
    public void truncateTo(long offset) throws IOException {
        List<AbortedTxn> kept = entries.stream().filter(t -> t.lastOffset() < offset).toList();
        if (kept.size() == entries.size()) {
            return;
        }
        entries = kept;
        if (Files.exists(file)) {
            channel().truncate((long) kept.size() * ENTRY_SIZE);
        }
    }

    /** Adds to {@code out} the entries overlapping offsets {@code [from, to)}. */
    public void collect(long from, long to, List<AbortedTxn> out) {
        for (AbortedTxn t : entries) {
            if (t.lastOffset() >= from && t.firstOffset() < to) {
                out.add(t);
            }
        }
    }

    public void flush() throws IOException {
        if (channel != null) {
            channel.force(true);
        }
    }

    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    public void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            // Replaces: a cleaned segment keeps its base offset, so an older .deleted twin may still be waiting.
            org.apache.kafka.common.utils.Utils.atomicMoveWithFallback(file, target, false);
        }
        file = target;
    }

    public void deleteIfExists() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return channel;
    }
}
