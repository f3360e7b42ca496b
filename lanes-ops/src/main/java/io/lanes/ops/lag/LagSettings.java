package io.lanes.ops.lag;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link LagMonitor} watches: the groups (empty: every consumer group), commits kept per
 * partition (Burrow: 10), the minimum distance between two commits of a window (Burrow: 1 s), the
 * thresholds, the bound on each request, the bound on reading record timestamps for the lag in
 * seconds, and whether to follow {@code __consumer_offsets} when it is in Kafka's format.
 */
public record LagSettings(List<String> groups, int windowSize, Duration minDistance, LagThresholds thresholds,
                          Duration requestTimeout, Duration ageReadBound, boolean followCommitLog) {

    public LagSettings {
        groups = List.copyOf(groups);
        if (windowSize < 2) {
            throw new IllegalArgumentException("the window needs at least 2 commits, got " + windowSize);
        }
    }

    public static LagSettings defaults() {
        return new LagSettings(List.of(), 10, Duration.ofSeconds(1), LagThresholds.DEFAULTS, Duration.ofSeconds(15),
                Duration.ofSeconds(2), true);
    }

    public LagSettings withGroups(List<String> value) {
        return new LagSettings(value, windowSize, minDistance, thresholds, requestTimeout, ageReadBound, followCommitLog);
    }

    public LagSettings withWindowSize(int value) {
        return new LagSettings(groups, value, minDistance, thresholds, requestTimeout, ageReadBound, followCommitLog);
    }

    public LagSettings withMinDistance(Duration value) {
        return new LagSettings(groups, windowSize, value, thresholds, requestTimeout, ageReadBound, followCommitLog);
    }

    public LagSettings withThresholds(LagThresholds value) {
        return new LagSettings(groups, windowSize, minDistance, value, requestTimeout, ageReadBound, followCommitLog);
    }

    public LagSettings withRequestTimeout(Duration value) {
        return new LagSettings(groups, windowSize, minDistance, thresholds, value, ageReadBound, followCommitLog);
    }

    public LagSettings withFollowCommitLog(boolean value) {
        return new LagSettings(groups, windowSize, minDistance, thresholds, requestTimeout, ageReadBound, value);
    }
}
