package io.lanes.storage;

import io.lanes.storage.internal.Fsync;
import io.lanes.storage.internal.GroupCommitFlusher;
import io.lanes.storage.internal.LogFiles;
import io.lanes.storage.internal.LogLoader;
import io.lanes.storage.internal.LogSegment;
import io.lanes.storage.internal.OffsetCheckpointFile;
import io.lanes.storage.internal.PartitionMetadataFile;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InconsistentTopicIdException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * All partition logs under the data dirs, in Kafka's layout:
 * <pre>
 * &lt;data dir&gt;/.lanes-clean-shutdown             present only while Lanes is stopped after a clean shutdown
 * &lt;data dir&gt;/recovery-point-offset-checkpoint  Kafka's checkpoint format: offsets below which logs are fsynced
 * &lt;data dir&gt;/log-start-offset-checkpoint       Kafka's checkpoint format: log start offsets (DeleteRecords)
 * &lt;data dir&gt;/&lt;topic&gt;-&lt;partition&gt;/partition.metadata, &lt;20-digit offset&gt;.log|.index|.timeindex|.snapshot
 * </pre>
 *
 * <p>Background threads: group-commit flushers (FSYNC mode), and a scheduler for retention
 * (every {@code retentionCheckIntervalMs}), {@code flush.ms}, checkpoints, producer expiry and delayed deletion
 * of removed segments ({@code file.delete.delay.ms}).
 *
 * <p>Thread-safety: every public method may be called from any thread.
 */
public final class LogManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);

    /** Marker of a clean shutdown; Kafka's tools do not read it, so Lanes uses its own name. */
    public static final String CLEAN_SHUTDOWN_MARKER = ".lanes-clean-shutdown";
    /** Kafka's log.flush.offset.checkpoint.interval.ms default. */
    static final long CHECKPOINT_INTERVAL_MS = 60_000L;
    /** Kafka's producer.id.expiration.ms default. */
    static final long PRODUCER_ID_EXPIRATION_MS = 86_400_000L;
    private static final long FLUSH_CHECK_INTERVAL_MS = 1_000L;

    private final List<Path> dirs;
    private final Durability durability;
    private final LogConfig defaultConfig;
    private final Time time;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final Object createLock = new Object();
    private final Object checkpointLock = new Object();
    private final ScheduledThreadPoolExecutor scheduler;
    private final GroupCommitFlusher flusher;
    private final Set<Runnable> pendingDeletes = ConcurrentHashMap.newKeySet();
    private final Host host = new Host();
    private volatile Consumer<TopicPartition> highWatermarkListener = tp -> { };
    private volatile FlushListener flushListener = FlushListener.NONE;
    private volatile boolean closed;
    /** Replaced as a whole when its settings change at run time. */
    private volatile LogCleaner cleaner;

    private LogManager(List<Path> dirs, Durability durability, LogConfig defaultConfig, Time time,
                       CleanerConfig cleanerConfig) {
        this.dirs = List.copyOf(dirs);
        this.durability = durability;
        this.defaultConfig = defaultConfig;
        this.time = time;
        AtomicInteger n = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "lanes-log-scheduler-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
        this.flusher = durability == Durability.FSYNC
                ? new GroupCommitFlusher(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)))
                : null;
        this.cleaner = new LogCleaner(cleanerConfig, time, this::all, dirs);
    }

    /**
     * Opens every partition dir under {@code dirs}, recovering logs that were not shut down cleanly, removes the
     * clean-shutdown markers and starts the background threads.
     */
    public static LogManager open(List<Path> dirs, Durability durability, LogConfig defaultConfig, Time time,
                                  long retentionCheckIntervalMs) {
        return open(dirs, durability, defaultConfig, time, retentionCheckIntervalMs, CleanerConfig.defaults());
    }

    /** As {@link #open(List, Durability, LogConfig, Time, long)}, with the log cleaner's settings. */
    public static LogManager open(List<Path> dirs, Durability durability, LogConfig defaultConfig, Time time,
                                  long retentionCheckIntervalMs, CleanerConfig cleanerConfig) {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("At least one data dir is required");
        }
        LogManager manager = new LogManager(dirs, durability, defaultConfig, time, cleanerConfig);
        try {
            for (Path dir : dirs) {
                manager.loadDir(dir);
            }
        } catch (IOException | RuntimeException e) {
            // No clean-shutdown markers: dirs that were not (fully) recovered must be recovered next time.
            manager.abandon();
            throw e instanceof KafkaStorageException k ? k : new KafkaStorageException("Cannot open logs", e);
        }
        manager.startBackgroundTasks(retentionCheckIntervalMs);
        manager.cleaner.start();
        return manager;
    }

    private void loadDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve(CLEAN_SHUTDOWN_MARKER);
        boolean clean = Files.exists(marker);
        Map<TopicPartition, Long> recoveryPoints = readCheckpoint(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT));
        Map<TopicPartition, Long> logStarts = readCheckpoint(dir.resolve(OffsetCheckpointFile.LOG_START_OFFSET));
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (name.endsWith(LogFiles.DELETE_DIR_SUFFIX)) {
                Utils.delete(child.toFile());
                continue;
            }
            Optional<TopicPartition> tp = LogFiles.parseDirName(name);
            if (tp.isEmpty()) {
                LOG.warn("Ignoring directory {} that is not a partition log", child);
                continue;
            }
            if (logs.containsKey(tp.get())) {
                throw new KafkaStorageException("Duplicate log directories for " + tp.get() + ": " + child
                        + " and " + logs.get(tp.get()).dir());
            }
            Uuid topicId = PartitionMetadataFile.read(child).orElse(null);
            LogLoader.Loaded loaded = LogLoader.load(child, defaultConfig, time, clean,
                    Optional.ofNullable(recoveryPoints.get(tp.get())), Optional.ofNullable(logStarts.get(tp.get())));
            long recoveryPoint = loaded.recoveryPoint();
            if (loaded.recovered()) {
                LOG.info("Recovered {}: log end offset {}", tp.get(), loaded.logEndOffset());
                if (durability == Durability.FSYNC) {
                    // Recovered data may exist only in the page cache; FSYNC mode makes it durable before
                    // consumers can see it. PAGE_CACHE mode flushes it later like any other data.
                    for (LogSegment seg : loaded.segments().tailMap(loaded.segments().floorKey(recoveryPoint)).values()) {
                        seg.flush();
                        seg.flushIndexes();
                    }
                    recoveryPoint = loaded.logEndOffset();
                }
            }
            logs.put(tp.get(), new PartitionLog(tp.get(), topicId, child, defaultConfig, host, loaded, recoveryPoint));
        }
        // Remove the marker before accepting writes, so a crash from now on is detected. Without one (a new
        // directory, or a start after a crash) there is nothing to make durable: a directory fsync costs ~10 ms.
        if (Files.deleteIfExists(marker)) {
            Fsync.dir(dir);
        }
    }

    private static Map<TopicPartition, Long> readCheckpoint(Path file) {
        try {
            return OffsetCheckpointFile.read(file);
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable checkpoint {}: {}", file, e.getMessage());
            return Map.of();
        }
    }

    private void startBackgroundTasks(long retentionCheckIntervalMs) {
        long retentionInterval = Math.max(1, retentionCheckIntervalMs);
        scheduler.scheduleWithFixedDelay(guarded("retention", this::enforceRetention),
                retentionInterval, retentionInterval, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded("checkpoint", this::writeCheckpoints),
                CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS, TimeUnit.MILLISECONDS);
        if (durability == Durability.PAGE_CACHE) {
            scheduler.scheduleWithFixedDelay(guarded("flush", this::flushByTime),
                    FLUSH_CHECK_INTERVAL_MS, FLUSH_CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again; log and keep going.
                LOG.error("Background task {} failed", name, e);
            }
        };
    }

    /**
     * The log of {@code tp}, created in the data dir with the fewest logs if missing. For an existing log the
     * given config replaces the current one (topic configs live in metadata, not on disk) and a missing topic
     * id is recorded. A null config means the default config.
     *
     * @throws InconsistentTopicIdException if the log exists with another topic id
     */
    public PartitionLog getOrCreate(TopicPartition tp, Uuid topicId, LogConfig config) {
        ensureOpen();
        if (config == null) {
            config = defaultConfig;
        }
        PartitionLog existing = logs.get(tp);
        if (existing != null) {
            return adopt(existing, topicId, config);
        }
        return create(tp, topicId, config);
    }

    private PartitionLog create(TopicPartition tp, Uuid topicId, LogConfig config) {
        PartitionLog existing;
        synchronized (createLock) {
            existing = logs.get(tp);
            if (existing != null) {
                return adopt(existing, topicId, config);
            }
            Path dir = leastLoadedDir().resolve(LogFiles.dirName(tp));
            try {
                Files.createDirectories(dir);
                if (isKnown(topicId)) {
                    PartitionMetadataFile.write(dir, topicId);
                }
                LogLoader.Loaded loaded = LogLoader.load(dir, config, time, true, Optional.empty(), Optional.empty());
                Fsync.dir(dir);
                Fsync.dir(dir.getParent());
                PartitionLog log = new PartitionLog(tp, isKnown(topicId) ? topicId : null, dir, config, host, loaded,
                        loaded.logEndOffset());
                logs.put(tp, log);
                return log;
            } catch (IOException e) {
                throw new KafkaStorageException("Cannot create log " + dir, e);
            }
        }
    }

    private PartitionLog adopt(PartitionLog log, Uuid topicId, LogConfig config) {
        if (isKnown(topicId)) {
            Uuid current = log.topicId();
            if (current == null) {
                try {
                    PartitionMetadataFile.write(log.dir(), topicId);
                    Fsync.dir(log.dir());
                } catch (IOException e) {
                    throw new KafkaStorageException("Cannot write partition metadata of " + log.dir(), e);
                }
                log.setTopicId(topicId);
            } else if (!current.equals(topicId)) {
                throw new InconsistentTopicIdException("Log " + log.topicPartition() + " has topic id " + current
                        + ", not " + topicId);
            }
        }
        if (config != null && !config.equals(log.config())) {
            log.updateConfig(config);
        }
        return log;
    }

    private static boolean isKnown(Uuid id) {
        return id != null && !Uuid.ZERO_UUID.equals(id);
    }

    private Path leastLoadedDir() {
        Map<Path, Integer> counts = new HashMap<>();
        dirs.forEach(d -> counts.put(d, 0));
        logs.values().forEach(l -> counts.merge(l.dir().getParent(), 1, Integer::sum));
        return dirs.stream().min(Comparator.comparingInt(counts::get)).orElseThrow();
    }

    public Optional<PartitionLog> get(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<PartitionLog> all() {
        return Collections.unmodifiableCollection(new ArrayList<>(logs.values()));
    }

    /** The log cleaner of compacted topics. */
    public LogCleaner cleaner() {
        return cleaner;
    }

    /**
     * Applies new cleaner settings (dynamic broker configs): as Kafka, the cleaner threads stop (a clean in progress
     * is abandoned, its files deleted) and new ones start with the new settings and the checkpointed progress.
     */
    public synchronized void reconfigureCleaner(CleanerConfig config) {
        if (closed || config.equals(cleaner.config())) {
            return;
        }
        cleaner.close();
        cleaner.writeCheckpoints();
        LogCleaner next = new LogCleaner(config, time, this::all, dirs);
        cleaner = next;
        next.start();
    }

    /** Closes the log and deletes its directory (renamed to {@code <topic>-<p>.<uuid>-delete} first, like Kafka). */
    public void delete(TopicPartition tp) {
        PartitionLog log = logs.get(tp);
        if (log == null) {
            return;
        }
        cleaner.abortAndPause(tp);
        try {
            if (logs.remove(tp) == null) {
                return;
            }
            cleaner.forget(tp);
            log.closeForDelete();
        } finally {
            cleaner.resume(tp);
        }
        Path dir = log.dir();
        Path renamed = dir.resolveSibling(dir.getFileName() + "." + Uuid.randomUuid().toString().replace("-", "") + LogFiles.DELETE_DIR_SUFFIX);
        try {
            Utils.atomicMoveWithFallback(dir, renamed);
            Fsync.dir(dir.getParent());
            Utils.delete(renamed.toFile());
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot delete log " + dir, e);
        }
        writeCheckpoints();
    }

    public void setHighWatermarkListener(Consumer<TopicPartition> listener) {
        this.highWatermarkListener = listener == null ? tp -> { } : listener;
    }

    /** Tells {@code listener} of every fsync from now on (metrics); {@code null} removes it. */
    public void setFlushListener(FlushListener listener) {
        this.flushListener = listener == null ? FlushListener.NONE : listener;
    }

    public Durability durability() {
        return durability;
    }

    public List<Path> dirs() {
        return dirs;
    }

    /** Applies retention to every log now (also runs every retention check interval); returns segments deleted. */
    public int enforceRetention() {
        int deleted = 0;
        long now = time.milliseconds();
        for (PartitionLog log : logs.values()) {
            long before = log.logStartOffset();
            deleted += log.deleteOldSegments();
            log.expireProducers(now, PRODUCER_ID_EXPIRATION_MS);
            if (log.logStartOffset() != before) {
                writeCheckpoints();
            }
        }
        return deleted;
    }

    private void flushByTime() {
        long now = time.milliseconds();
        for (PartitionLog log : logs.values()) {
            log.maybeFlushByTime(now);
        }
    }

    /** Writes both checkpoint files of every data dir. */
    void writeCheckpoints() {
        synchronized (checkpointLock) {
            for (Path dir : dirs) {
                Map<TopicPartition, Long> recovery = new HashMap<>();
                Map<TopicPartition, Long> starts = new HashMap<>();
                for (PartitionLog log : logs.values()) {
                    if (log.dir().getParent().equals(dir)) {
                        recovery.put(log.topicPartition(), log.recoveryPoint());
                        starts.put(log.topicPartition(), log.logStartOffset());
                    }
                }
                try {
                    OffsetCheckpointFile.write(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT), recovery);
                    OffsetCheckpointFile.write(dir.resolve(OffsetCheckpointFile.LOG_START_OFFSET), starts);
                    // One directory fsync makes both renames durable.
                    Fsync.dir(dir);
                } catch (IOException e) {
                    throw new KafkaStorageException("Cannot write checkpoints in " + dir, e);
                }
            }
        }
    }

    /** Stops threads and closes file handles without flushing or marking anything clean (failed open). */
    private void abandon() {
        closed = true;
        cleaner.close();
        scheduler.shutdownNow();
        for (PartitionLog log : logs.values()) {
            log.closeForDelete();
        }
        if (flusher != null) {
            flusher.close();
        }
    }

    /** Flushes every log, writes producer snapshots, checkpoints and the clean-shutdown markers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cleaner.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Runnable delete : new ArrayList<>(pendingDeletes)) {
            delete.run();
        }
        RuntimeException failure = null;
        for (PartitionLog log : logs.values()) {
            try {
                log.close();
            } catch (RuntimeException e) {
                LOG.error("Cannot close {}", log, e);
                failure = e;
            }
        }
        if (flusher != null) {
            flusher.close();
        }
        if (failure != null) {
            // Without the marker the next start recovers, which is what a failed close needs.
            throw failure;
        }
        writeCheckpoints();
        for (Path dir : dirs) {
            try {
                Files.createDirectories(dir);
                Files.write(dir.resolve(CLEAN_SHUTDOWN_MARKER), new byte[0]);
                Fsync.dir(dir);
            } catch (IOException e) {
                throw new KafkaStorageException("Cannot write clean shutdown marker in " + dir, e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaStorageException("LogManager is closed");
        }
    }

    /** The services logs use; kept private so they do not become LogManager API. */
    private final class Host implements LogHost {
        @Override
        public Durability durability() {
            return durability;
        }

        @Override
        public Time time() {
            return time;
        }

        @Override
        public void highWatermarkAdvanced(TopicPartition tp) {
            try {
                highWatermarkListener.accept(tp);
            } catch (RuntimeException e) {
                LOG.warn("High watermark listener failed for {}", tp, e);
            }
        }

        @Override
        public void flushed(TopicPartition tp, long records, int acknowledged, long nanos) {
            try {
                flushListener.flushed(tp, records, acknowledged, nanos);
            } catch (RuntimeException e) {
                LOG.warn("Flush listener failed for {}", tp, e);
            }
        }

        @Override
        public void submitGroupCommit(Runnable task) {
            flusher.submit(task);
        }

        @Override
        public void runAsync(Runnable task) {
            if (!scheduler.isShutdown()) {
                scheduler.execute(guarded("async", task));
            }
        }

        @Override
        public void runLater(Runnable task, long delayMs) {
            Runnable once = new Runnable() {
                @Override
                public void run() {
                    if (pendingDeletes.remove(this)) {
                        task.run();
                    }
                }
            };
            pendingDeletes.add(once);
            if (delayMs <= 0 || scheduler.isShutdown()) {
                once.run();
            } else {
                scheduler.schedule(guarded("delete", once), delayMs, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void logStartOffsetChanged(PartitionLog log) {
            writeCheckpoints();
        }
    }
}
