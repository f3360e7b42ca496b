package io.lanes.conformance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads Kafka's on-disk layout without Kafka's classes: {@code <topic>-<partition>/} directories
 * holding {@code <20-digit base offset>.log} segments of record batches (magic v2) back to back.
 * Batch header offsets: baseOffset 0 (int64), batchLength 8 (int32, bytes after this field),
 * partitionLeaderEpoch 12, magic 16, crc 17, attributes 21 (int16, low 3 bits = codec),
 * lastOffsetDelta 23, ..., producerId 43, producerEpoch 51, baseSequence 53, recordCount 57.
 */
public final class SegmentFiles {

    public static final int HEADER_SIZE = 61;

    private SegmentFiles() {
    }

    /** One batch header as found at {@code position} in a segment. */
    public record Batch(long position, long baseOffset, int batchLength, byte magic, short attributes,
                        int lastOffsetDelta, long producerId, int recordCount) {

        public long size() {
            return 12L + batchLength;
        }

        public long lastOffset() {
            return baseOffset + lastOffsetDelta;
        }

        /** 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
        public int compressionCodec() {
            return attributes & 0x7;
        }
    }

    /** The partition's directory under {@code logDir} (searched a few levels deep). */
    public static Path partitionDir(Path logDir, String topic, int partition) {
        String name = topic + "-" + partition;
        Path direct = logDir.resolve(name);
        if (Files.isDirectory(direct)) {
            return direct;
        }
        try (Stream<Path> found = Files.find(logDir, 4,
                (path, attrs) -> attrs.isDirectory() && path.getFileName().toString().equals(name))) {
            return found.findFirst().orElseThrow(() ->
                    new IllegalStateException("no directory " + name + " under " + logDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partition's {@code .log} segments in base-offset order. */
    public static List<Path> segments(Path logDir, String topic, int partition) {
        try (Stream<Path> files = Files.list(partitionDir(logDir, topic, partition))) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.log"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path lastSegment(Path logDir, String topic, int partition) {
        List<Path> segments = segments(logDir, topic, partition);
        if (segments.isEmpty()) {
            throw new IllegalStateException("no segments for " + topic + "-" + partition + " under " + logDir);
        }
        return segments.get(segments.size() - 1);
    }

    /** The complete batches at the start of a segment; stops at the first incomplete header or body. */
    public static List<Batch> batches(Path segment) {
        List<Batch> batches = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
            while (position + HEADER_SIZE <= size) {
                header.clear();
                channel.read(header, position);
                header.flip();
                int batchLength = header.getInt(8);
                if (batchLength <= 0 || position + 12 + batchLength > size) {
                    break;
                }
                batches.add(new Batch(position, header.getLong(0), batchLength, header.get(16),
                        header.getShort(21), header.getInt(23), header.getLong(43), header.getInt(57)));
                position += 12L + batchLength;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return batches;
    }
}
