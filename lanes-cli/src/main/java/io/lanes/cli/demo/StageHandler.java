package io.lanes.cli.demo;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The work both contestants do for an event: a fixed wait standing for I/O (a database call, an
 * HTTP request), and for the events marked to fail, a {@link TransientFailure} on the first call
 * only. Each call goes to the {@link StageJournal}. Thread-safe.
 */
final class StageHandler {
    private final long ioNanos;
    private final Set<Long> failOnce;
    private final Set<Long> failedAlready = ConcurrentHashMap.newKeySet();
    private final StageJournal journal;

    /**
     * @param io       the wait per call
     * @param failOnce {@link StageStream.StageRecord#eventId()}s of the events whose first call fails
     * @param journal  where each call is recorded
     */
    StageHandler(Duration io, Set<Long> failOnce, StageJournal journal) {
        this.ioNanos = io.toNanos();
        this.failOnce = Set.copyOf(failOnce);
        this.journal = journal;
    }

    /** The simulated failure of a downstream service that answers the next call. */
    static final class TransientFailure extends RuntimeException {
        TransientFailure(String message) {
            super(message);
        }
    }

    StageJournal journal() {
        return journal;
    }

    void handle(int partition, long offset, OrderEvent event) {
        long start = System.nanoTime();
        long due = start + ioNanos;
        for (long wait = ioNanos; wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        long eventId = StageStream.StageRecord.eventId(event.orderId(), event.seq());
        boolean fails = failOnce.contains(eventId) && failedAlready.add(eventId);
        journal.add(new StageJournal.Attempt(partition, offset, event.orderId(), event.seq(), start, System.nanoTime(),
                !fails));
        if (fails) {
            throw new TransientFailure("payment service unavailable for " + OrderEvents.key(event.orderId()) + " seq "
                    + event.seq() + " (first attempt)");
        }
    }
}
