package io.lanes.ops.lag;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last {@code capacity} committed offsets of one partition, oldest first. Commits closer
 * than {@code minDistanceMs} to the slot of the previous one replace it instead of taking a slot
 * of their own (as Burrow's {@code min-distance}), so a consumer that commits many times a second
 * still leaves a window that spans time; a commit that goes backwards always takes its own slot,
 * so a rewind is never hidden. Not thread-safe: one evaluator thread owns it.
 */
public final class OffsetWindow {
    private final int capacity;
    private final long minDistanceMs;
    private final Deque<OffsetObservation> observations = new ArrayDeque<>();
    private long lastSlotStartMs;

    public OffsetWindow(int capacity, long minDistanceMs) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a window needs at least 2 commits, got " + capacity);
        }
        this.capacity = capacity;
        this.minDistanceMs = minDistanceMs;
    }

    public void add(OffsetObservation observation) {
        OffsetObservation last = observations.peekLast();
        if (last != null && observation.timestampMs() < last.timestampMs()) {
            return; // an older commit arriving late says nothing about now
        }
        boolean sameSlot = last != null && observation.timestampMs() - lastSlotStartMs < minDistanceMs
                && observation.offset() >= last.offset();
        if (sameSlot) {
            observations.pollLast();
        } else {
            lastSlotStartMs = observation.timestampMs();
            if (observations.size() == capacity) {
                observations.pollFirst();
            }
        }
        observations.addLast(observation);
    }

    public List<OffsetObservation> observations() {
        return List.copyOf(observations);
    }

    public OffsetObservation last() {
        return observations.peekLast();
    }

    public boolean isEmpty() {
        return observations.isEmpty();
    }
}
