package io.lanes.broker.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lag samples over the last {@link #SPAN_MS} per series (a group's total, or a group's partition), taken by the
 * dashboard sampler every few seconds. Bounded: at most {@link #MAX_SERIES} series (new ones beyond are not
 * kept) of at most {@link #MAX_POINTS} points. Series not sampled for a whole span are dropped.
 *
 * <p>Thread-safe (synchronized).
 */
final class LagHistory {
    static final long SPAN_MS = 15 * 60_000;
    static final int MAX_POINTS = 200;
    static final int MAX_SERIES = 2000;

    private final Map<String, ArrayDeque<long[]>> series = new HashMap<>();

    synchronized void add(String id, long timeMs, long lag) {
        ArrayDeque<long[]> points = series.get(id);
        if (points == null) {
            if (series.size() >= MAX_SERIES) {
                return;
            }
            points = new ArrayDeque<>();
            series.put(id, points);
        }
        points.addLast(new long[] {timeMs, lag});
        while (points.size() > MAX_POINTS || points.peekFirst()[0] < timeMs - SPAN_MS) {
            points.removeFirst();
        }
    }

    synchronized List<long[]> get(String id) {
        ArrayDeque<long[]> points = series.get(id);
        return points == null ? List.of() : new ArrayList<>(points);
    }

    /** Drops series whose last point is older than the span. */
    synchronized void expire(long nowMs) {
        Iterator<ArrayDeque<long[]>> it = series.values().iterator();
        while (it.hasNext()) {
            ArrayDeque<long[]> points = it.next();
            if (points.isEmpty() || points.peekLast()[0] < nowMs - SPAN_MS) {
                it.remove();
            }
        }
    }

    static String groupKey(String groupId) {
        return groupId.length() + ":" + groupId;
    }

    static String partitionKey(String groupId, String topic, int partition) {
        return groupId.length() + ":" + groupId + "/" + topic.length() + ":" + topic + "/" + partition;
    }
}
