package io.lanes.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every handler call of one stage contestant, in the order they ended. Thread-safe: handlers on
 * any thread add to it while the stage's thread reads counts.
 */
final class StageJournal {
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final AtomicLong succeeded = new AtomicLong();

    /**
     * One handler call.
     *
     * @param partition  the record's partition
     * @param offset     the record's offset
     * @param orderId    the order of the event
     * @param seq        the event's sequence number in its order
     * @param startNanos when the call began ({@link System#nanoTime()})
     * @param endNanos   when it returned or threw
     * @param succeeded  whether it returned normally
     */
    record Attempt(int partition, long offset, int orderId, int seq, long startNanos, long endNanos,
                   boolean succeeded) {
    }

    void add(Attempt attempt) {
        attempts.add(attempt);
        if (attempt.succeeded()) {
            succeeded.incrementAndGet();
        }
    }

    long succeeded() {
        return succeeded.get();
    }

    List<Attempt> attempts() {
        return new ArrayList<>(attempts);
    }
}
