package io.lanes.ops.lag;

import java.util.List;

/**
 * Applies {@link LagThresholds} to a group's total lag over time (oldest point first; the last
 * point is now). Emergency: the history reaches back at least the emergency duration, and the lag
 * grew over that duration faster than the emergency rate on average. Critical: the lag now
 * exceeds the critical lag. Warning: the lag now exceeds the warning lag and is higher than at the
 * start of the observed history. The worst that holds wins. Stateless and thread-safe.
 */
public final class ThresholdRules {

    private ThresholdRules() {
    }

    public static Alert evaluate(List<LagPoint> history, LagThresholds thresholds) {
        if (history.isEmpty()) {
            return new Alert(Alert.Level.NONE, "no lag observed yet");
        }
        LagPoint now = history.get(history.size() - 1);
        Alert emergency = emergency(history, now, thresholds);
        if (emergency != null) {
            return emergency;
        }
        if (now.lag() > thresholds.criticalLag()) {
            return new Alert(Alert.Level.CRITICAL, "lag " + now.lag() + " > " + thresholds.criticalLag());
        }
        LagPoint first = history.get(0);
        if (now.lag() > thresholds.warningLag() && now.lag() > first.lag()) {
            return new Alert(Alert.Level.WARNING, "lag " + now.lag() + " > " + thresholds.warningLag()
                    + " and growing (from " + first.lag() + ")");
        }
        return new Alert(Alert.Level.NONE, "lag " + now.lag() + " within thresholds");
    }

    private static Alert emergency(List<LagPoint> history, LagPoint now, LagThresholds thresholds) {
        long durationMs = thresholds.emergencyDuration().toMillis();
        LagPoint start = null;
        for (LagPoint point : history) {
            if (now.timestampMs() - point.timestampMs() >= durationMs) {
                start = point; // the latest point at least the duration ago
            }
        }
        if (start == null) {
            return null;
        }
        double minutes = (now.timestampMs() - start.timestampMs()) / 60_000.0;
        double perMinute = (now.lag() - start.lag()) / minutes;
        if (perMinute <= thresholds.emergencyGrowthPerMinute()) {
            return null;
        }
        return new Alert(Alert.Level.EMERGENCY, String.format(java.util.Locale.ROOT,
                "lag grew %.0f/min over %s (> %d/min)", perMinute, BurrowRules.seconds(now.timestampMs()
                        - start.timestampMs()), thresholds.emergencyGrowthPerMinute()));
    }
}
