package io.lanes.storage.internal;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka's per-data-dir offset checkpoint text format ({@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint}):
 * <pre>
 * 0                      (version)
 * N                      (number of entries)
 * topic partition offset (N lines)
 * </pre>
 * Written to a temporary file, fsynced and renamed atomically (the caller fsyncs the directory). Thread-safety: callers serialize writes per file.
 */
public final class OffsetCheckpointFile {

    public static final String RECOVERY_POINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET = "log-start-offset-checkpoint";

    private OffsetCheckpointFile() {
    }

    public static void write(Path file, Map<TopicPartition, Long> offsets) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(0).append('\n').append(offsets.size()).append('\n');
        offsets.forEach((tp, offset) -> sb.append(tp.topic()).append(' ').append(tp.partition()).append(' ').append(offset).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            Fsync.channel(ch);
        }
        // The caller fsyncs the directory once for all checkpoint files it writes.
        Utils.atomicMoveWithFallback(tmp, file, false);
    }

    /** Empty map when the file is missing; malformed files are reported as IOException. */
    public static Map<TopicPartition, Long> read(Path file) throws IOException {
        Map<TopicPartition, Long> result = new HashMap<>();
        if (!Files.exists(file)) {
            return result;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != 0) {
                throw new IOException("Unsupported checkpoint file " + file);
            }
            int n = Integer.parseInt(lines.get(1).trim());
            if (lines.size() < 2 + n) {
                throw new IOException("Truncated checkpoint file " + file);
            }
            for (int i = 0; i < n; i++) {
                String[] parts = lines.get(2 + i).trim().split(" ");
                if (parts.length != 3) {
                    throw new IOException("Malformed checkpoint line in " + file + ": " + lines.get(2 + i));
                }
                result.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            }
            return result;
        } catch (NumberFormatException e) {
            throw new IOException("Malformed checkpoint file " + file, e);
        }
    }
}
