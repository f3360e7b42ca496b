package io.lanes.broker.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Hands out producer ids that are never reused, across restarts and crashes.
 *
 * <p>Ids are reserved in blocks: the end of the current block is written (fsynced, renamed
 * atomically) to {@code <data dir>/.lanes/producer-ids} before any id of it is handed out,
 * so after a crash the next block starts above every id ever given. Format: one line with
 * the decimal next unreserved id.
 *
 * <p>Thread-safe.
 */
public final class ProducerIdManager {
    private static final int BLOCK_SIZE = 1000;

    private final Path file;
    private long next;
    private long blockEnd;

    private ProducerIdManager(Path file, long next) {
        this.file = file;
        this.next = next;
        this.blockEnd = next;
    }

    public static ProducerIdManager load(Path dataDir) {
        Path file = dataDir.resolve(".lanes").resolve("producer-ids");
        try {
            Files.createDirectories(file.getParent());
            long next = Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0L;
            return new ProducerIdManager(file, next);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read producer id block from " + file, e);
        }
    }

    public synchronized long nextProducerId() {
        if (next >= blockEnd) {
            reserve(next + BLOCK_SIZE);
        }
        return next++;
    }

    private void reserve(long end) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, end + "\n", StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve producer ids in " + file, e);
        }
        blockEnd = end;
    }
}
