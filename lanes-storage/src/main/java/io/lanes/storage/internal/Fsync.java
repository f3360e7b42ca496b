package io.lanes.storage.internal;

import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Every fsync of the storage layer goes through here, so durability points are easy to audit.
 *
 * <p>{@link #setEnabled(boolean)} exists for tests only: storage logic tests simulate crashes by copying files
 * (the page cache survives), so fsync adds nothing to them but minutes on slow disks. Never disable it in a
 * broker. Thread-safety: the switch is volatile.
 */
public final class Fsync {

    private static volatile boolean enabled = true;

    private Fsync() {
    }

    /** Tests only. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    public static void file(FileRecords records) throws IOException {
        if (enabled) {
            records.flush();
        }
    }

    public static void channel(FileChannel channel) throws IOException {
        if (enabled) {
            channel.force(true);
        }
    }

    public static void mmap(MappedByteBuffer buffer) {
        if (enabled) {
            buffer.force();
        }
    }

    /** Makes creations, renames and deletions in {@code dir} durable. */
    public static void dir(Path dir) throws IOException {
        if (enabled) {
            Utils.flushDir(dir);
        }
    }
}
