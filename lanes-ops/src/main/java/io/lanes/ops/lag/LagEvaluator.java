package io.lanes.ops.lag;

import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps, per group and partition, a window of the last committed offsets with the lag each left,
 * and per group the recent total lag, and turns them into a {@link LagReport} with Burrow's rules
 * ({@link BurrowRules}) and the thresholds ({@link ThresholdRules}).
 *
 * <p>It is fed snapshots ({@link #observe(OffsetsSnapshot, boolean)}) and, when
 * {@code __consumer_offsets} can be followed, every commit ({@link #observe(OffsetCommit)}).
 * Without the commit log a snapshot adds a commit to the window only when the committed offset
 * changed, so a partition whose commits repeat one offset ages like one without commits (STOP).
 * A partition's first snapshot seeds its window with the offset committed then, timestamped with
 * the snapshot: an evaluation always rests on offsets observed over time, never on one snapshot.
 *
 * <p>Not thread-safe: one thread feeds and evaluates it.
 */
public final class LagEvaluator {

    /** A window's key. */
    private record Key(String group, String topic, int partition) {
    }

    /** A partition's latest offset at the previous and the last sampling times. */
    private record LogEnd(long previousMs, long previous, long lastMs, long last) {

        LogEnd next(long atMs, long offset) {
            return atMs == lastMs ? this : new LogEnd(lastMs, last, atMs, offset);
        }

        /**
         * The latest offset at {@code atMs}: interpolated between the two samples, extrapolated at
         * their rate after the last one (a commit read right after a sampling round is a little
         * newer than it), as the log grows between samples.
         */
        long at(long atMs) {
            if (lastMs == previousMs) {
                return last;
            }
            if (atMs <= previousMs) {
                return previous;
            }
            return previous + Math.round((double) (last - previous) * (atMs - previousMs) / (lastMs - previousMs));
        }
    }

    private final int windowSize;
    private final long minDistanceMs;
    private final LagThresholds thresholds;
    private final Map<Key, OffsetWindow> windows = new HashMap<>();
    /** The last two samples of each partition's latest offset, to estimate it at a commit's time. */
    private final Map<TopicPartition, LogEnd> logEnds = new HashMap<>();
    private final Map<String, Deque<LagPoint>> history = new HashMap<>();
    private OffsetsSnapshot snapshot = new OffsetsSnapshot(0, List.of());
    private long firstSnapshotMs = -1;

    /**
     * @param windowSize  commits kept per partition (Burrow keeps 10)
     * @param minDistance commits closer than this share a slot of the window (Burrow: 1 s)
     */
    public LagEvaluator(int windowSize, Duration minDistance, LagThresholds thresholds) {
        this.windowSize = windowSize;
        this.minDistanceMs = minDistance.toMillis();
        this.thresholds = thresholds;
    }

    /**
     * Takes a sampling round.
     *
     * @param commitsFollowed whether every commit also arrives through {@link #observe(OffsetCommit)}
     */
    public void observe(OffsetsSnapshot next, boolean commitsFollowed) {
        if (firstSnapshotMs < 0) {
            firstSnapshotMs = next.timestampMs();
        }
        snapshot = next;
        Set<Key> present = new HashSet<>();
        for (GroupOffsets group : next.groups()) {
            long total = 0;
            for (PartitionOffsets p : group.partitions()) {
                logEnds.merge(new TopicPartition(p.topic(), p.partition()),
                        new LogEnd(next.timestampMs(), p.latest(), next.timestampMs(), p.latest()),
                        (old, fresh) -> old.next(next.timestampMs(), p.latest()));
                Key key = new Key(group.group(), p.topic(), p.partition());
                present.add(key);
                OffsetWindow window = windows.computeIfAbsent(key, k -> new OffsetWindow(windowSize, minDistanceMs));
                boolean changed = window.isEmpty() || window.last().offset() != p.committed();
                if (window.isEmpty() || !commitsFollowed && changed) {
                    window.add(new OffsetObservation(p.committed(), p.lag(), next.timestampMs()));
                }
                total += p.lag();
            }
            Deque<LagPoint> points = history.computeIfAbsent(group.group(), g -> new ArrayDeque<>());
            points.addLast(new LagPoint(next.timestampMs(), total));
            trim(points, next.timestampMs());
        }
        windows.keySet().retainAll(present);
        history.keySet().retainAll(next.groups().stream().map(GroupOffsets::group).toList());
    }

    /**
     * Takes one commit read from the commit log; commits of groups or partitions not sampled yet
     * are skipped. The lag it left is measured against the latest offset estimated at its commit
     * time, so that commits read together after one sampling round do not all use its offset.
     */
    public void observe(OffsetCommit commit) {
        OffsetWindow window = windows.get(new Key(commit.group(), commit.topic(), commit.partition()));
        LogEnd end = logEnds.get(new TopicPartition(commit.topic(), commit.partition()));
        if (window == null || end == null) {
            return;
        }
        long lag = Math.max(0, end.at(commit.commitTimestampMs()) - commit.offset());
        window.add(new OffsetObservation(commit.offset(), lag, commit.commitTimestampMs()));
    }

    /** The partitions with lag now and their committed offsets, whose record ages the report wants. */
    public Map<TopicPartition, Set<Long>> lagging() {
        Map<TopicPartition, Set<Long>> offsets = new HashMap<>();
        for (GroupOffsets group : snapshot.groups()) {
            for (PartitionOffsets p : group.partitions()) {
                if (p.lag() > 0) {
                    offsets.computeIfAbsent(new TopicPartition(p.topic(), p.partition()), tp -> new HashSet<>())
                            .add(p.committed());
                }
            }
        }
        return offsets;
    }

    /**
     * The verdicts at {@code nowMs} for the groups of the last snapshot.
     *
     * @param recordTimestamps timestamps (epoch ms) of records by partition and offset, from
     *                         {@link RecordAgeReader}, for the lag in seconds
     */
    public LagReport evaluate(long nowMs, Map<TopicPartition, Map<Long, Long>> recordTimestamps,
                              CommitSource source) {
        List<GroupLag> groups = new ArrayList<>();
        for (GroupOffsets group : snapshot.groups()) {
            groups.add(evaluate(group, nowMs, recordTimestamps));
        }
        long observed = firstSnapshotMs < 0 ? 0 : nowMs - firstSnapshotMs;
        return new LagReport(nowMs, observed, source, List.copyOf(groups));
    }

    private GroupLag evaluate(GroupOffsets group, long nowMs, Map<TopicPartition, Map<Long, Long>> timestamps) {
        List<PartitionLag> partitions = new ArrayList<>();
        LagStatus worst = LagStatus.OK;
        String rule = "every partition OK";
        long total = 0;
        long max = 0;
        Double maxSeconds = null;
        for (PartitionOffsets p : group.partitions()) {
            OffsetWindow window = windows.get(new Key(group.group(), p.topic(), p.partition()));
            List<OffsetObservation> commits = window == null ? List.of() : window.observations();
            PartitionVerdict verdict = BurrowRules.evaluate(commits, p.lag(), nowMs);
            Double seconds = lagSeconds(p, nowMs, timestamps);
            partitions.add(new PartitionLag(p.topic(), p.partition(), p.committed(), p.latest(), p.earliest(), p.lag(),
                    seconds, verdict.status(), verdict.rule(), p.member(), commits));
            if (verdict.status().compareTo(worst) > 0) {
                worst = verdict.status();
                rule = p.topic() + "-" + p.partition() + " " + verdict.status() + ": " + verdict.rule();
            }
            total += p.lag();
            max = Math.max(max, p.lag());
            if (seconds != null && (maxSeconds == null || seconds > maxSeconds)) {
                maxSeconds = seconds;
            }
        }
        Alert alert = ThresholdRules.evaluate(List.copyOf(history.getOrDefault(group.group(), new ArrayDeque<>())),
                thresholds);
        return new GroupLag(group.group(), group.state(), worst.groupLevel(), rule, alert, total, max, maxSeconds,
                List.copyOf(partitions));
    }

    private static Double lagSeconds(PartitionOffsets p, long nowMs, Map<TopicPartition, Map<Long, Long>> timestamps) {
        if (p.lag() == 0) {
            return 0.0;
        }
        Long timestamp = timestamps.getOrDefault(new TopicPartition(p.topic(), p.partition()), Map.of())
                .get(p.committed());
        return timestamp == null ? null : Math.max(0, nowMs - timestamp) / 1000.0;
    }

    /** Drops points older than needed: the newest point at least the emergency duration old stays, the rule measures from it. */
    private void trim(Deque<LagPoint> points, long nowMs) {
        long durationMs = thresholds.emergencyDuration().toMillis();
        while (points.size() > 2) {
            LagPoint first = points.pollFirst();
            if (nowMs - points.peekFirst().timestampMs() < durationMs) {
                points.addFirst(first);
                return;
            }
        }
    }
}
