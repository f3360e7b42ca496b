package io.lanes.broker.metadata;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * Writes the broker's small metadata files (topics, dynamic configs, client-metrics subscriptions)
 * durably and atomically: to {@code <file>.tmp}, fsynced, then renamed over {@code file}, so a
 * crash leaves either the old or the new content, never a torn file. Stateless and thread-safe
 * for different files; callers serialize writes of one file.
 */
public final class DurableProperties {
    private DurableProperties() {
    }

    /** Replaces {@code file} with {@code props}, creating its directory if needed. */
    public static void write(Path file, Properties props, String comment) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, comment);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
