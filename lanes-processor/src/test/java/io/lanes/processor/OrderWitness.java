package io.lanes.processor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches a handler from inside: which records of one lane (a key, a partition) overlapped in
 * time, whether a lane's records came in the order they were produced, how many ran at once,
 * and every record handled (duplicates included). Thread-safe.
 */
final class OrderWitness {

    private final Set<String> busyLanes = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> lastSequence = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    /** Marks a record of {@code lane} with its sequence number in that lane as started. */
    void enter(String lane, int sequence, String id) {
        handled.add(id);
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        if (!busyLanes.add(lane)) {
            violations.add("lane " + lane + " ran two records at once (" + id + ")");
        }
        Integer previous = lastSequence.put(lane, sequence);
        if (previous != null && sequence != previous + 1) {
            violations.add("lane " + lane + " went from " + previous + " to " + sequence);
        }
    }

    void exit(String lane) {
        busyLanes.remove(lane);
        running.decrementAndGet();
    }

    /** Only counts concurrency, for orderings that allow a lane to overlap. */
    void enterUnordered(String id) {
        handled.add(id);
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    }

    void exitUnordered() {
        running.decrementAndGet();
    }

    List<String> violations() {
        return violations;
    }

    List<String> handled() {
        return handled;
    }

    int maxRunning() {
        return maxRunning.get();
    }
}
