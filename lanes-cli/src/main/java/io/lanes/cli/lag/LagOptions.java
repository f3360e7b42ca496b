package io.lanes.cli.lag;

import io.lanes.cli.command.DurationConverter;
import io.lanes.ops.lag.LagSettings;
import io.lanes.ops.lag.LagThresholds;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the lag evaluator watches and how it judges (a picocli mixin shared by {@code lanes lag}
 * and {@code lanes ops serve}): groups, the commit window (Burrow's rules), the thresholds.
 */
public final class LagOptions {

    @Option(names = "--group", paramLabel = "GROUP", description = "A group to watch (repeatable; default: every consumer group).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--window-commits", paramLabel = "N", defaultValue = "10",
            description = "Commits kept per partition for the rules (default ${DEFAULT-VALUE}).")
    int windowCommits;

    @Option(names = "--min-distance", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.Positive.class,
            description = "Commits closer than this share one place in the window (default ${DEFAULT-VALUE}).")
    Duration minDistance;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.Positive.class,
            description = "How often offsets are sampled (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--warn-lag", paramLabel = "RECORDS", defaultValue = "10000",
            description = "Warning when a group's lag exceeds this and grows (default ${DEFAULT-VALUE}).")
    long warningLag;

    @Option(names = "--critical-lag", paramLabel = "RECORDS", defaultValue = "100000",
            description = "Critical when a group's lag exceeds this (default ${DEFAULT-VALUE}).")
    long criticalLag;

    @Option(names = "--emergency-growth", paramLabel = "RECORDS_PER_MIN", defaultValue = "5000",
            description = "Emergency when the lag grows faster than this a minute... (default ${DEFAULT-VALUE})")
    long emergencyGrowth;

    @Option(names = "--emergency-for", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.Positive.class,
            description = "...for this long (default ${DEFAULT-VALUE}).")
    Duration emergencyFor;

    @Option(names = "--no-commit-log",
            description = "Sample committed offsets only, without reading __consumer_offsets (STALL then shows as STOP).")
    boolean noCommitLog;

    public Duration interval() {
        return interval;
    }

    /** The evaluator's settings; a bad combination is a usage error (exit code 2). */
    public LagSettings settings(Duration requestTimeout) {
        try {
            return LagSettings.defaults().withGroups(groups).withWindowSize(windowCommits).withMinDistance(minDistance)
                .withThresholds(new LagThresholds(warningLag, criticalLag, emergencyGrowth, emergencyFor))
                .withRequestTimeout(requestTimeout).withFollowCommitLog(!noCommitLog);
        } catch (IllegalArgumentException e) {
            throw new io.lanes.cli.command.CommandFailure(io.lanes.cli.command.CommandFailure.USAGE, e.getMessage());
        }
    }
}
