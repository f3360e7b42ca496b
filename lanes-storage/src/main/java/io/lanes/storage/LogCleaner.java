package io.lanes.storage;

import io.lanes.storage.internal.LogSegment;
import io.lanes.storage.internal.OffsetCheckpointFile;
import io.lanes.storage.internal.Throttler;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The log cleaner of compacted topics ({@code cleanup.policy} containing {@code compact}), as Kafka's
 * {@code LogCleaner} and {@code LogCleanerManager}.
 *
 * <p>Choice: a log is cleanable when its dirty ratio (bytes from the first dirty offset to the first uncleanable
 * one, over the bytes of the log up to that point) exceeds {@code min.cleanable.dirty.ratio}, or when a dirty
 * segment's first batch is older than {@code max.compaction.lag.ms}, or when a delete horizon the cleaner set
 * has passed (tombstones and markers to drop). The first uncleanable offset is the smallest of the last stable
 * offset, the active segment's base offset and the base of the first segment holding a record younger than
 * {@code min.compaction.lag.ms}. Each pass cleans the filthiest log not being cleaned.
 *
 * <p>State: the first dirty offset of each log, in {@code cleaner-offset-checkpoint} of its data dir (Kafka's
 * checkpoint format and name), written after every pass.
 *
 * <p>Threads: {@code log.cleaner.threads} daemon threads, each with its own offset map; a thread that finds
 * nothing sleeps {@code log.cleaner.backoff.ms}. A log is cleaned by one thread at a time; appends, reads and
 * retention of that log go on during the copy (see {@link PartitionLog#replaceSegments}).
 *
 * <p>Thread-safety: all public methods may be called from any thread.
 */
public final class LogCleaner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);
    public static final String CHECKPOINT_FILE = "cleaner-offset-checkpoint";

    /** Why and how much of a log is cleanable now. */
    record Cleanable(PartitionLog log, long firstDirty, long firstUncleanable, double ratio, boolean needsNow) {
    }

    private final CleanerConfig config;
    private final Time time;
    private final Supplier<Collection<PartitionLog>> logs;
    private final List<Path> dirs;
    private final Throttler throttler;
    private final Map<TopicPartition, Long> firstDirty = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> deleteHorizons = new ConcurrentHashMap<>();
    private final Set<TopicPartition> inProgress = new HashSet<>();
    private final Set<TopicPartition> aborting = new HashSet<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Object checkpointLock = new Object();
    private volatile boolean stopped;

    LogCleaner(CleanerConfig config, Time time, Supplier<Collection<PartitionLog>> logs, List<Path> dirs) {
        this.config = config;
        this.time = time;
        this.logs = logs;
        this.dirs = List.copyOf(dirs);
        this.throttler = new Throttler(config.maxIoBytesPerSecond());
        for (Path dir : dirs) {
            try {
                firstDirty.putAll(OffsetCheckpointFile.read(dir.resolve(CHECKPOINT_FILE)));
            } catch (IOException e) {
                LOG.warn("Ignoring unreadable cleaner checkpoint in {}: {}", dir, e.getMessage());
            }
        }
    }

    public CleanerConfig config() {
        return config;
    }

    /** Starts the cleaner threads when {@code log.cleaner.enable} is true. */
    void start() {
        if (!config.enabled()) {
            return;
        }
        for (int i = 0; i < config.threads(); i++) {
            Cleaner cleaner = new Cleaner(config, throttler, time, () -> stopped);
            Thread t = new Thread(() -> run(cleaner), "lanes-log-cleaner-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run(Cleaner cleaner) {
        while (!stopped) {
            boolean cleaned;
            try {
                cleaned = cleanFilthiest(cleaner);
            } catch (RuntimeException e) {
                LOG.error("Log cleaner pass failed", e);
                cleaned = false;
            }
            if (!cleaned) {
                synchronized (this) {
                    try {
                        if (!stopped) {
                            wait(config.backoffMs());
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Runs passes in the calling thread until no log is cleanable (each log at most {@code maxPasses} times);
     * returns the number of passes. For tests and tools; the cleaner threads do the same in the background.
     */
    public int cleanNow(int maxPasses) {
        Cleaner cleaner = new Cleaner(config, throttler, time, () -> stopped);
        int passes = 0;
        while (passes < maxPasses && cleanFilthiest(cleaner)) {
            passes++;
        }
        return passes;
    }

    /** The first dirty offset of a log as last checkpointed (its log start offset if never cleaned). */
    public Optional<Long> firstDirtyOffset(TopicPartition tp) {
        return Optional.ofNullable(firstDirty.get(tp));
    }

    private boolean cleanFilthiest(Cleaner cleaner) {
        Cleanable chosen = grabFilthiest();
        if (chosen == null) {
            return false;
        }
        TopicPartition tp = chosen.log().topicPartition();
        try {
            Cleaner.Result result = cleaner.clean(chosen.log(), new Cleaner.Range(chosen.firstDirty(), chosen.firstUncleanable()),
                    () -> isAborting(tp));
            firstDirty.put(tp, result.endOffset());
            if (result.latestDeleteHorizon() != RecordBatch.NO_TIMESTAMP) {
                deleteHorizons.put(tp, result.latestDeleteHorizon());
            } else {
                deleteHorizons.remove(tp);
            }
            writeCheckpoints();
            LOG.debug("Cleaned {} up to offset {} (dirty ratio was {})", tp, result.endOffset(), chosen.ratio());
            return true;
        } catch (Cleaner.Aborted e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | RuntimeException e) {
            if (chosen.log().isClosed()) {
                return false;
            }
            LOG.warn("Cleaning {} failed; it will be retried", tp, e);
            return false;
        } finally {
            synchronized (this) {
                inProgress.remove(tp);
                notifyAll();
            }
        }
    }

    private synchronized Cleanable grabFilthiest() {
        long now = time.milliseconds();
        Cleanable best = null;
        for (PartitionLog log : logs.get()) {
            TopicPartition tp = log.topicPartition();
            if (!log.config().compactEnabled() || log.isClosed() || inProgress.contains(tp) || aborting.contains(tp)) {
                continue;
            }
            Cleanable c;
            try {
                c = cleanable(log, now);
            } catch (RuntimeException e) {
                continue; // closed or deleted meanwhile
            }
            if (c == null) {
                continue;
            }
            if (best == null || c.needsNow() && !best.needsNow() || c.needsNow() == best.needsNow() && c.ratio() > best.ratio()) {
                best = c;
            }
        }
        if (best != null) {
            inProgress.add(best.log().topicPartition());
        }
        return best;
    }

    /** Kafka's cleanable offsets and dirty ratio of one log; null when it needs no cleaning now. */
    Cleanable cleanable(PartitionLog log, long now) {
        PartitionLog.CleaningView view = log.cleaningView();
        LogConfig cfg = view.config();
        long checkpoint = firstDirty.getOrDefault(log.topicPartition(), view.logStartOffset());
        long end = log.logEndOffset();
        long dirtyStart = checkpoint < view.logStartOffset() || checkpoint > end ? view.logStartOffset() : checkpoint;
        long uncleanable = Math.min(view.lastStableOffset(), view.activeBaseOffset());
        long cleanBytes = 0;
        long dirtyBytes = 0;
        boolean needsNow = false;
        long lagHorizon = now - cfg.minCompactionLagMs();
        long maxLagHorizon = now - cfg.maxCompactionLagMs();
        for (LogSegment seg : view.segments()) {
            if (seg.baseOffset() >= view.activeBaseOffset()) {
                break;
            }
            if (seg.nextOffset() <= dirtyStart) {
                cleanBytes += seg.size();
                continue;
            }
            if (cfg.minCompactionLagMs() > 0 && maxTimestamp(seg) > lagHorizon) {
                uncleanable = Math.min(uncleanable, seg.baseOffset());
            }
            if (seg.baseOffset() < uncleanable) {
                dirtyBytes += seg.size();
                if (cfg.maxCompactionLagMs() < Long.MAX_VALUE) {
                    long first = seg.firstBatchTimestamp();
                    needsNow |= first >= 0 && first < maxLagHorizon;
                }
            }
        }
        uncleanable = Math.max(uncleanable, dirtyStart);
        double ratio = cleanBytes + dirtyBytes == 0 ? 0 : (double) dirtyBytes / (cleanBytes + dirtyBytes);
        Long horizon = deleteHorizons.get(log.topicPartition());
        boolean horizonPassed = horizon != null && horizon <= now;
        if ((needsNow && dirtyBytes > 0) || (dirtyBytes > 0 && ratio > cfg.minCleanableDirtyRatio()) || horizonPassed) {
            return new Cleanable(log, dirtyStart, uncleanable, ratio, needsNow || horizonPassed);
        }
        return null;
    }

    private static long maxTimestamp(LogSegment seg) {
        try {
            return seg.largestTimestamp();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Makes a clean of {@code tp} in progress stop at its next batch (its .cleaned files are deleted), waits for
     * it, and keeps {@code tp} from being chosen until {@link #resume}.
     */
    synchronized void abortAndPause(TopicPartition tp) {
        aborting.add(tp);
        while (inProgress.contains(tp)) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized boolean isAborting(TopicPartition tp) {
        return aborting.contains(tp);
    }

    synchronized void resume(TopicPartition tp) {
        aborting.remove(tp);
    }

    /** Forgets a deleted log. */
    void forget(TopicPartition tp) {
        firstDirty.remove(tp);
        deleteHorizons.remove(tp);
    }

    void writeCheckpoints() {
        Map<Path, Map<TopicPartition, Long>> byDir = new HashMap<>();
        dirs.forEach(d -> byDir.put(d, new HashMap<>()));
        for (PartitionLog log : logs.get()) {
            Long offset = firstDirty.get(log.topicPartition());
            Map<TopicPartition, Long> m = byDir.get(log.dir().getParent());
            if (offset != null && m != null) {
                m.put(log.topicPartition(), offset);
            }
        }
        synchronized (checkpointLock) {
            for (Map.Entry<Path, Map<TopicPartition, Long>> e : byDir.entrySet()) {
                try {
                    OffsetCheckpointFile.write(e.getKey().resolve(CHECKPOINT_FILE), e.getValue());
                } catch (IOException ex) {
                    LOG.warn("Cannot write the cleaner checkpoint in {}", e.getKey(), ex);
                }
            }
        }
    }

    /** Stops the threads; a clean in progress is abandoned (its .cleaned files deleted). */
    @Override
    public void close() {
        stopped = true;
        synchronized (this) {
            notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
