package io.lanes.cli.demo;

import io.lanes.cli.demo.StageJournal.Attempt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The processor kept per-key order: for each order, its handler calls never overlapped in time
 * (one at a time), and taken in the order they began, each call was for the order's next event —
 * sequence {@code 0} first, then one past the last that succeeded. A failed call is followed by
 * the retry of the same event, never by a later one.
 */
final class KeyOrderCheck {
    static final String TITLE = "the LanesProcessor handled each order's events one at a time, in sequence";

    private KeyOrderCheck() {
    }

    static CheckResult check(List<Attempt> attempts) {
        CheckResult.Builder result = new CheckResult.Builder(TITLE);
        Map<Integer, List<Attempt>> byOrder = new TreeMap<>();
        for (Attempt attempt : attempts) {
            byOrder.computeIfAbsent(attempt.orderId(), o -> new ArrayList<>()).add(attempt);
        }
        for (Map.Entry<Integer, List<Attempt>> order : byOrder.entrySet()) {
            List<Attempt> calls = order.getValue();
            calls.sort(Comparator.comparingLong(Attempt::startNanos));
            int lastSucceeded = -1;
            Attempt previous = null;
            for (Attempt call : calls) {
                String key = OrderEvents.key(order.getKey());
                if (previous != null && call.startNanos() < previous.endNanos()) {
                    result.violation("%s seq %d began while seq %d was still being handled", key, call.seq(),
                            previous.seq());
                }
                if (call.seq() != lastSucceeded + 1) {
                    result.violation("%s seq %d was handled when seq %d was next", key, call.seq(), lastSucceeded + 1);
                }
                if (call.succeeded()) {
                    lastSucceeded = Math.max(lastSucceeded, call.seq());
                }
                previous = call;
            }
        }
        result.detail("%s handler calls for %s checked; at most %s calls ran at once", Format.count(attempts.size()),
                Format.plural(byOrder.size(), "order"), Format.count(peakConcurrency(attempts)));
        return result.build();
    }

    /** The most calls that were running at the same moment. */
    static int peakConcurrency(List<Attempt> attempts) {
        long[][] edges = new long[attempts.size() * 2][];
        int i = 0;
        for (Attempt attempt : attempts) {
            edges[i++] = new long[]{attempt.startNanos(), 1};
            edges[i++] = new long[]{attempt.endNanos(), -1};
        }
        // at equal times an end comes before a start: back-to-back calls do not overlap
        java.util.Arrays.sort(edges, Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int running = 0;
        int peak = 0;
        for (long[] edge : edges) {
            running += (int) edge[1];
            peak = Math.max(peak, running);
        }
        return peak;
    }
}
