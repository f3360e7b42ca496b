package io.lanes.ops.lag;

import java.util.List;

/**
 * Burrow's partition evaluation over a window of committed offsets (oldest first), checked in
 * this order, the first that holds deciding:
 * <ol>
 *   <li>no lag now, or the lag was 0 at some commit of the window: {@link LagStatus#OK};</li>
 *   <li>a committed offset is lower than the one before it: {@link LagStatus#REWIND};</li>
 *   <li>the time since the last commit exceeds the time the window spans (first to last
 *       commit): {@link LagStatus#STOP};</li>
 *   <li>every commit of the window is the same offset: {@link LagStatus#STALL};</li>
 *   <li>commits advance but the lag never decreased from one commit to the next:
 *       {@link LagStatus#WARN};</li>
 *   <li>otherwise {@link LagStatus#OK}.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class BurrowRules {

    private BurrowRules() {
    }

    /**
     * @param window     the partition's last committed offsets, oldest first
     * @param currentLag log end offset now minus the last committed offset
     * @param nowMs      the evaluation time, epoch milliseconds
     */
    public static PartitionVerdict evaluate(List<OffsetObservation> window, long currentLag, long nowMs) {
        if (window.isEmpty()) {
            return new PartitionVerdict(LagStatus.OK, "no commit observed yet");
        }
        if (currentLag <= 0) {
            return new PartitionVerdict(LagStatus.OK, "no lag");
        }
        if (window.stream().anyMatch(o -> o.lag() == 0)) {
            return new PartitionVerdict(LagStatus.OK, "lag was 0 within the window");
        }
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).offset() < window.get(i - 1).offset()) {
                return new PartitionVerdict(LagStatus.REWIND, "committed offset went back from "
                        + window.get(i - 1).offset() + " to " + window.get(i).offset());
            }
        }
        OffsetObservation first = window.get(0);
        OffsetObservation last = window.get(window.size() - 1);
        long sinceLast = nowMs - last.timestampMs();
        long span = last.timestampMs() - first.timestampMs();
        if (sinceLast > span) {
            return new PartitionVerdict(LagStatus.STOP, "no commit for " + seconds(sinceLast)
                    + ", longer than the window spans (" + seconds(span) + ")");
        }
        if (window.stream().allMatch(o -> o.offset() == first.offset())) {
            return new PartitionVerdict(LagStatus.STALL, "all " + window.size() + " commits are offset "
                    + first.offset());
        }
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).lag() < window.get(i - 1).lag()) {
                return new PartitionVerdict(LagStatus.OK, "commits advance and the lag went down");
            }
        }
        return new PartitionVerdict(LagStatus.WARN, "commits advance but the lag never went down ("
                + first.lag() + " -> " + last.lag() + " over " + window.size() + " commits)");
    }

    static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
