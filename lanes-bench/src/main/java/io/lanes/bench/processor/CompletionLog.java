package io.lanes.bench.processor;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A file of completed record positions, one {@code <partition> <offset>} line per completion,
 * written straight to the file (no user-space buffer), so a SIGKILL of the process loses nothing
 * it wrote: the lines are in the page cache. Thread-safe.
 */
public final class CompletionLog implements AutoCloseable {
    private final FileOutputStream out;

    public CompletionLog(Path file) {
        try {
            out = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + file, e);
        }
    }

    synchronized void append(int partition, long offset) {
        try {
            out.write((partition + " " + offset + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads completion logs as they grow: each {@link #refresh()} reads only the bytes appended since the last one
     * (whole lines; a line torn by a kill is skipped), so polling a log of hundreds of thousands of lines while
     * the contestant runs costs what was appended, not the whole file again. Not thread-safe.
     */
    public static final class Tally {
        private final Map<Long, Integer> counts = new HashMap<>();
        private final Map<Path, Long> positions = new HashMap<>();
        private final Map<Path, Long> lines = new HashMap<>();

        /** Reads what was appended to {@code files} since the last call. */
        public Tally refresh(List<Path> files) throws IOException {
            for (Path file : files) {
                if (!Files.exists(file)) {
                    continue;
                }
                long position = positions.getOrDefault(file, 0L);
                try (var channel = java.nio.channels.FileChannel.open(file)) {
                    long size = channel.size();
                    if (size <= position) {
                        continue;
                    }
                    java.nio.ByteBuffer appended = java.nio.ByteBuffer.allocate((int) (size - position));
                    while (appended.hasRemaining() && channel.read(appended, position + appended.position()) > 0) {
                        // read until the snapshot size
                    }
                    String text = new String(appended.array(), 0, appended.position(), StandardCharsets.US_ASCII);
                    int end = text.lastIndexOf('\n') + 1; // a partial last line is read next time
                    for (String line : text.substring(0, end).split("\n")) {
                        count(file, line);
                    }
                    positions.put(file, position + end);
                }
            }
            return this;
        }

        private void count(Path file, String line) {
            int space = line.indexOf(' ');
            if (space < 0) {
                return; // a line torn by the kill
            }
            long position = (Long.parseLong(line.substring(0, space)) << 40) | Long.parseLong(line.substring(space + 1));
            counts.merge(position, 1, Integer::sum);
            lines.merge(file, 1L, Long::sum);
        }

        /** Distinct record positions seen in all files. */
        public long distinct() {
            return counts.size();
        }

        /** Completions read from {@code file}. */
        public long lines(Path file) {
            return lines.getOrDefault(file, 0L);
        }

        /** Completions beyond the first of each position: records handled more than once. */
        public long repeated() {
            return counts.values().stream().mapToLong(c -> c - 1).sum();
        }
    }
}
