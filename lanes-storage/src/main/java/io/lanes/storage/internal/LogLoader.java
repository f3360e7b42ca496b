package io.lanes.storage.internal;

import io.lanes.storage.AbortedTxn;
import io.lanes.storage.LogConfig;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * Opens a partition directory: segments, indexes, log start offset and producer state.
 *
 * <p>After a clean shutdown the files are trusted (indexes pass Kafka's sanity checks, else they are rebuilt).
 * After a crash, every segment from the one holding the recovery point on is re-validated batch by batch
 * ({@link LogSegment#recover}); the first invalid or incomplete batch and everything after it is removed.
 * Producer state comes from the newest usable snapshot at or below the log end, then the batch headers after it;
 * that replay also rewrites the transaction index entries of the markers it passes.
 */
public final class LogLoader {

    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);
    private static final int SNAPSHOTS_TO_KEEP = 2;

    /**
     * What a loaded log starts from.
     *
     * @param recoveryPoint below it the files are known to be fsynced: the log end offset after a clean
     *                      shutdown, else the base offset of the first segment that had to be recovered
     * @param recovered     whether any segment was re-validated (its data may exist only in the page cache)
     */
    public record Loaded(ConcurrentSkipListMap<Long, LogSegment> segments, long logStartOffset, long logEndOffset,
                         ProducerStateManager producerState, long recoveryPoint, boolean recovered,
                         LeaderEpochCache epochs) {
    }

    private LogLoader() {
    }

    public static Loaded load(Path dir, LogConfig config, Time time, boolean cleanShutdown,
                              Optional<Long> recoveryPoint, Optional<Long> logStartCheckpoint) throws IOException {
        TreeSet<Long> bases = scanDirectory(dir);
        ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
        boolean recovered = false;
        long firstRecovered = Long.MAX_VALUE;
        if (bases.isEmpty()) {
            long start = logStartCheckpoint.orElse(0L);
            segments.put(start, newSegment(dir, start, config, time));
        } else {
            long recoverFrom = cleanShutdown ? Long.MAX_VALUE : floorOrFirst(bases, recoveryPoint.orElse(0L));
            List<Long> list = new ArrayList<>(bases);
            for (int i = 0; i < list.size(); i++) {
                long base = list.get(i);
                boolean last = i == list.size() - 1;
                LogSegment seg = LogSegment.open(dir, base, config.indexIntervalBytes(), config.segmentIndexBytes(), last,
                        jitter(config), time);
                segments.put(base, seg);
                boolean mustRecover = base >= recoverFrom || !indexFilesExist(dir, base) || !seg.loadClean();
                if (mustRecover) {
                    recovered = true;
                    firstRecovered = Math.min(firstRecovered, base);
                    seg.offsetIndex().resize(config.segmentIndexBytes());
                    seg.timeIndex().resize(config.segmentIndexBytes());
                    // Gaps are always allowed: the cleaner leaves them, and the topic's config is not known yet.
                    int truncated = seg.recover(base, true, Integer.MAX_VALUE);
                    if (!last && truncated > 0) {
                        deleteSegmentsAfter(dir, list.subList(i + 1, list.size()), segments, config, time);
                        last = true;
                    }
                    if (!last) {
                        seg.onBecomeInactive();
                    }
                }
                if (last) {
                    break;
                }
            }
        }
        long logEnd = segments.lastEntry().getValue().nextOffset();
        long logStart = Math.min(Math.max(logStartCheckpoint.orElse(0L), segments.firstKey()), logEnd);
        ProducerStateManager producers = loadProducerState(dir, segments, logStart, logEnd);
        long syncedUpTo = Math.min(firstRecovered, logEnd);
        LeaderEpochCache epochs = loadEpochs(dir, segments, recovered ? syncedUpTo : logEnd, logStart, logEnd);
        return new Loaded(segments, logStart, logEnd, producers, syncedUpTo, recovered, epochs);
    }

    public static LogSegment newSegment(Path dir, long base, LogConfig config, Time time) throws IOException {
        return LogSegment.create(dir, base, config.indexIntervalBytes(), config.segmentIndexBytes(), jitter(config), time);
    }

    static long jitter(LogConfig config) {
        long max = config.segmentJitterMs();
        return max <= 0 ? 0 : Math.floorMod(java.util.concurrent.ThreadLocalRandom.current().nextLong(), Math.min(max, config.segmentMs()));
    }

    private static long floorOrFirst(TreeSet<Long> bases, long offset) {
        Long floor = bases.floor(offset);
        return floor != null ? floor : bases.first();
    }

    private static boolean indexFilesExist(Path dir, long base) {
        return Files.exists(LogFiles.indexFile(dir, base)) && Files.exists(LogFiles.timeIndexFile(dir, base));
    }

    /**
     * Deletes leftovers (temporary, .deleted and .cleaned files, indexes without a log), completes interrupted
     * cleaner swaps ({@link SwapRecovery}) and returns the segment bases.
     */
    private static TreeSet<Long> scanDirectory(Path dir) throws IOException {
        TreeSet<Long> bases = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp") || name.endsWith(LogFiles.DELETED_SUFFIX) || name.endsWith(LogFiles.CLEANED_SUFFIX)) {
                    Files.deleteIfExists(f);
                }
            }
        }
        SwapRecovery.complete(dir);
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".tmp") || name.endsWith(LogFiles.DELETED_SUFFIX)) {
                Files.deleteIfExists(f);
            } else {
                LogFiles.offsetFromFileName(name, LogFiles.LOG_SUFFIX).ifPresent(bases::add);
            }
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            Optional<Long> idx = LogFiles.offsetFromFileName(name, LogFiles.INDEX_SUFFIX)
                    .or(() -> LogFiles.offsetFromFileName(name, LogFiles.TIME_INDEX_SUFFIX))
                    .or(() -> LogFiles.offsetFromFileName(name, LogFiles.TXN_INDEX_SUFFIX));
            if (idx.isPresent() && !bases.contains(idx.get())) {
                Files.deleteIfExists(f);
            }
        }
        return bases;
    }

    private static void deleteSegmentsAfter(Path dir, List<Long> bases, Map<Long, LogSegment> segments,
                                            LogConfig config, Time time) throws IOException {
        for (long base : bases) {
            LOG.warn("Deleting segment {} of {} that follows a truncated segment", base, dir);
            LogSegment seg = segments.remove(base);
            if (seg == null) {
                seg = LogSegment.open(dir, base, config.indexIntervalBytes(), -1, false, 0, time);
            }
            seg.deleteFiles();
        }
    }

    private static ProducerStateManager loadProducerState(Path dir, ConcurrentSkipListMap<Long, LogSegment> segments,
                                                          long logStart, long logEnd) throws IOException {
        ProducerStateManager producers = new ProducerStateManager();
        TreeSet<Long> snapshots = snapshotOffsets(dir);
        for (Long offset : new ArrayList<>(snapshots.descendingSet())) {
            if (offset > logEnd) {
                Files.deleteIfExists(LogFiles.snapshotFile(dir, offset));
                snapshots.remove(offset);
            }
        }
        long replayFrom = segments.firstKey();
        for (Long offset : snapshots.descendingSet()) {
            try {
                // A snapshot below the first segment is still the state of producers whose data was deleted.
                producers.load(ProducerSnapshotFile.read(LogFiles.snapshotFile(dir, offset)));
                replayFrom = Math.max(offset, segments.firstKey());
                break;
            } catch (IOException e) {
                LOG.warn("Ignoring unreadable producer snapshot: {}", e.getMessage());
            }
        }
        long from = replayFrom;
        for (LogSegment seg : segments.tailMap(segments.floorKey(from), true).values()) {
            // Entries for markers at or after the replay start are rewritten by the replay itself.
            seg.txnIndex().truncateTo(from);
            IOException[] failure = {null};
            seg.forEachBatchHeader(from, h -> {
                if (h.baseOffset() < from || h.producerId() == RecordBatch.NO_PRODUCER_ID) {
                    return;
                }
                try {
                    EndTransactionMarker marker = h.isControl() ? seg.marker(h) : null;
                    if (h.isControl() && marker == null) {
                        return;
                    }
                    CompletedTxn txn = producers.replay(new ProducerBatch(h.producerId(), h.producerEpoch(),
                            h.baseSequence(), h.lastSequence(), h.baseOffset(), h.lastOffset(), h.maxTimestamp(),
                            h.isTransactional(), marker));
                    if (txn != null && txn.aborted()) {
                        long unstable = producers.firstUnstableOffset();
                        seg.txnIndex().append(new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.markerOffset(),
                                unstable >= 0 ? unstable : txn.markerOffset() + 1));
                    }
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        return producers;
    }

    /**
     * The leader epoch checkpoint, cut to the recovered log, plus epochs found in the batches from
     * {@code scanFrom} (recovered segments, or all of the log when the checkpoint is missing). A log with no
     * epoch at all starts epoch 0 at its end, as Kafka does for a new partition.
     */
    private static LeaderEpochCache loadEpochs(Path dir, ConcurrentSkipListMap<Long, LogSegment> segments, long scanFrom,
                                               long logStart, long logEnd) throws IOException {
        LeaderEpochCache epochs = LeaderEpochCache.load(dir);
        boolean changed = epochs.truncateFromEnd(logEnd);
        long from = epochs.isEmpty() ? segments.firstKey() : Math.min(scanFrom, logEnd);
        boolean[] assigned = {false};
        for (LogSegment seg : segments.tailMap(segments.floorKey(Math.max(from, segments.firstKey())), true).values()) {
            seg.forEachBatchHeader(from, h -> {
                int epoch = h.partitionLeaderEpoch();
                if (epoch >= 0 && epoch > epochs.latestEpoch().orElse(-1)) {
                    assigned[0] |= epochs.assign(epoch, h.baseOffset());
                }
            });
        }
        changed |= assigned[0];
        if (epochs.isEmpty()) {
            changed |= epochs.assign(0, logEnd);
        }
        changed |= epochs.truncateFromStart(logStart);
        if (changed) {
            epochs.persist();
        }
        return epochs;
    }

    public static TreeSet<Long> snapshotOffsets(Path dir) throws IOException {
        TreeSet<Long> offsets = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(f -> LogFiles.offsetFromFileName(f.getFileName().toString(), LogFiles.SNAPSHOT_SUFFIX).ifPresent(offsets::add));
        }
        return offsets;
    }

    /** Keeps the newest snapshots only; older ones cannot be needed because recovery starts from the newest usable. */
    public static void pruneSnapshots(Path dir) throws IOException {
        TreeSet<Long> offsets = snapshotOffsets(dir);
        while (offsets.size() > SNAPSHOTS_TO_KEEP) {
            Files.deleteIfExists(LogFiles.snapshotFile(dir, offsets.pollFirst()));
        }
    }
}
