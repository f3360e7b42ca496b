package io.lanes.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Utils;

/**
 * Which leader epoch started at which offset, persisted like Kafka's {@code leader-epoch-checkpoint}:
 * <pre>
 * 0                 (version)
 * N                 (number of entries)
 * epoch startOffset (N lines, epochs and offsets increasing)
 * </pre>
 * Answers OffsetsForLeaderEpoch with Kafka's rules ({@link #endOffsetFor}). Thread-safety: all methods
 * synchronize on this; writes happen under the log's append lock, reads from any thread.
 */
public final class LeaderEpochCache {

    public static final String FILE_NAME = "leader-epoch-checkpoint";
    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_OFFSET = -1L;

    /** (epoch, end offset) answer of OffsetsForLeaderEpoch. */
    public record EpochEnd(int epoch, long endOffset) {
    }

    private final Path file;
    private final TreeMap<Integer, Long> startOffsets = new TreeMap<>();

    private LeaderEpochCache(Path file) {
        this.file = file;
    }

    /** Loads the checkpoint in {@code dir}, or an empty cache when there is none or it is unreadable. */
    public static LeaderEpochCache load(Path dir) {
        LeaderEpochCache cache = new LeaderEpochCache(dir.resolve(FILE_NAME));
        try {
            if (Files.exists(cache.file)) {
                List<String> lines = Files.readAllLines(cache.file, StandardCharsets.UTF_8);
                int n = Integer.parseInt(lines.get(1).trim());
                if (Integer.parseInt(lines.get(0).trim()) != 0) {
                    throw new IOException("Unsupported version");
                }
                for (int i = 0; i < n; i++) {
                    String[] parts = lines.get(2 + i).trim().split("\\s+");
                    cache.startOffsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            cache.startOffsets.clear();
        }
        return cache;
    }

    public synchronized boolean isEmpty() {
        return startOffsets.isEmpty();
    }

    public synchronized OptionalInt latestEpoch() {
        return startOffsets.isEmpty() ? OptionalInt.empty() : OptionalInt.of(startOffsets.lastKey());
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}; entries it contradicts (same or later epoch, or
     * starting at or after that offset) are dropped. A no-op for a known epoch or a negative one.
     *
     * @return whether the cache changed (and should be persisted)
     */
    public synchronized boolean assign(int epoch, long startOffset) {
        if (epoch < 0 || (startOffsets.containsKey(epoch) && startOffsets.get(epoch) <= startOffset)) {
            return false;
        }
        startOffsets.entrySet().removeIf(e -> e.getKey() >= epoch || e.getValue() >= startOffset);
        startOffsets.put(epoch, startOffset);
        return true;
    }

    /** Kafka's OffsetsForLeaderEpoch answer for {@code requestedEpoch}. */
    public synchronized EpochEnd endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch == UNDEFINED_EPOCH || startOffsets.isEmpty()) {
            return new EpochEnd(UNDEFINED_EPOCH, UNDEFINED_OFFSET);
        }
        if (startOffsets.lastKey() == requestedEpoch) {
            // The current epoch ends at the log end offset.
            return new EpochEnd(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = startOffsets.higherEntry(requestedEpoch);
        if (higher == null) {
            return new EpochEnd(UNDEFINED_EPOCH, UNDEFINED_OFFSET);
        }
        Integer floor = startOffsets.floorKey(requestedEpoch);
        // An epoch older than all known ones ends where the first newer one starts.
        return new EpochEnd(floor == null ? requestedEpoch : floor, higher.getValue());
    }

    /** The epoch whose range holds {@code offset}, if known. */
    public synchronized OptionalInt epochForOffset(long offset) {
        OptionalInt result = OptionalInt.empty();
        for (Map.Entry<Integer, Long> e : startOffsets.entrySet()) {
            if (e.getValue() > offset) {
                break;
            }
            result = OptionalInt.of(e.getKey());
        }
        return result;
    }

    /** After the log start moved: drops epochs that end before it and clamps the first one to it. */
    public synchronized boolean truncateFromStart(long logStartOffset) {
        Integer keep = null;
        for (Map.Entry<Integer, Long> e : startOffsets.entrySet()) {
            if (e.getValue() <= logStartOffset) {
                keep = e.getKey();
            }
        }
        if (keep == null || startOffsets.get(keep) == logStartOffset && startOffsets.firstKey().equals(keep)) {
            return false;
        }
        startOffsets.headMap(keep).clear();
        startOffsets.put(keep, logStartOffset);
        return true;
    }

    /** After the log end moved back (crash recovery): drops epochs starting at or after it. */
    public synchronized boolean truncateFromEnd(long logEndOffset) {
        return startOffsets.values().removeIf(start -> start >= logEndOffset);
    }

    public synchronized List<Map.Entry<Integer, Long>> entries() {
        return new ArrayList<>(startOffsets.entrySet());
    }

    /** Writes the checkpoint (temporary file, fsync, rename, directory fsync). */
    public void persist() throws IOException {
        StringBuilder sb = new StringBuilder();
        synchronized (this) {
            sb.append(0).append('\n').append(startOffsets.size()).append('\n');
            startOffsets.forEach((epoch, start) -> sb.append(epoch).append(' ').append(start).append('\n'));
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            Fsync.channel(ch);
        }
        Utils.atomicMoveWithFallback(tmp, file, false);
        Fsync.dir(file.getParent());
    }
}
