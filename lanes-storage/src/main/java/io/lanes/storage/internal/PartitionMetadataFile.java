package io.lanes.storage.internal;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Kafka's {@code partition.metadata}: {@code "version: 0\ntopic_id: <base64 uuid>\n"}.
 */
public final class PartitionMetadataFile {

    private PartitionMetadataFile() {
    }

    public static void write(Path dir, Uuid topicId) throws IOException {
        Path file = dir.resolve(LogFiles.PARTITION_METADATA);
        Path tmp = dir.resolve(LogFiles.PARTITION_METADATA + ".tmp");
        String text = "version: 0\ntopic_id: " + topicId + "\n";
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            Fsync.channel(ch);
        }
        // The directory is fsynced by the caller together with the new log files.
        Utils.atomicMoveWithFallback(tmp, file, false);
    }

    public static Optional<Uuid> read(Path dir) throws IOException {
        Path file = dir.resolve(LogFiles.PARTITION_METADATA);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.startsWith("topic_id:")) {
                try {
                    return Optional.of(Uuid.fromString(line.substring("topic_id:".length()).trim()));
                } catch (IllegalArgumentException e) {
                    throw new IOException("Malformed " + file, e);
                }
            }
        }
        throw new IOException("No topic_id in " + file);
    }
}
