package io.lanes.ops.lag;

import java.time.Duration;

/**
 * The alert thresholds on a group's total lag, beside Burrow's statuses. The defaults are the
 * rules of thumb the project starts from: warning when the lag exceeds 10,000 records and is
 * growing, critical above 100,000, emergency when it grew faster than 5,000 records a minute for
 * 10 minutes.
 */
public record LagThresholds(long warningLag, long criticalLag, long emergencyGrowthPerMinute,
                            Duration emergencyDuration) {

    public static final LagThresholds DEFAULTS = new LagThresholds(10_000, 100_000, 5_000, Duration.ofMinutes(10));

    public LagThresholds {
        if (warningLag < 0 || criticalLag < 0 || emergencyGrowthPerMinute < 0 || emergencyDuration.isNegative()
                || emergencyDuration.isZero()) {
            throw new IllegalArgumentException("thresholds must be positive");
        }
    }
}
