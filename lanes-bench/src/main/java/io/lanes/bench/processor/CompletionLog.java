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

    /** How often each position occurs in the files together ({@code partition << 40 | offset} to count). */
    public static Map<Long, Integer> count(List<Path> files) throws IOException {
        Map<Long, Integer> counts = new HashMap<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    continue; // a line torn by the kill
                }
                long position = (Long.parseLong(line.substring(0, space)) << 40) | Long.parseLong(line.substring(space + 1));
                counts.merge(position, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The number of lines in a file (completions so far). */
    public static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            return lines.count();
        }
    }
}
