package io.lanes.broker.dashboard;

import java.util.Map;

/**
 * Consumer-group lag verdicts from outside the broker, shown on the dashboard beside each group: {@code lanes server}
 * plugs in the operations library's Burrow-style evaluation ({@code LanesBroker#lagVerdicts}); a broker without a
 * provider shows none. The broker itself never evaluates lag this way.
 *
 * <p>Implementations must be thread-safe and answer at once (the dashboard's overview asks on every build, on HTTP
 * threads and the lag sampler): return the latest verdicts already computed, never compute them in the call.
 */
@FunctionalInterface
public interface LagVerdicts {

    /** The latest verdict of each group evaluated so far, by group id (groups not evaluated are missing). */
    Map<String, LagVerdict> verdicts();

    /**
     * One group's verdict.
     *
     * @param status        Burrow's group status ({@code OK}, {@code WARN}, {@code ERR}) or the worse of it and a
     *                      threshold alert, as the provider decides
     * @param rule          why, in words (the rule of the partition that decided it), may be empty
     * @param evaluatedAtMs when it was evaluated (ms since the epoch)
     */
    record LagVerdict(String status, String rule, long evaluatedAtMs) {
    }
}
