package io.lanes.processor.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Runs released records on the worker executor, at most {@code maxConcurrency} at a time.
 *
 * <p>A permit is taken per running drain loop. A drain loop runs a record, then the record its
 * completion released in the same lane (so a hot key runs back to back on one thread), else the
 * next queued record, and gives its permit back when the queue is empty. Submitting with no free
 * permit queues the record; the submitter re-checks after queueing, so no record is left in the
 * queue while a permit is free.
 *
 * <p>Thread-safe: the poll thread, workers and the retry timer submit concurrently.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Executor executor;
    private final int maxConcurrency;
    private final UnaryOperator<WorkItem> runner;
    private final ConcurrentLinkedQueue<WorkItem> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger active = new AtomicInteger();

    /**
     * @param runner runs one record and returns the record to run next on the same thread, or null
     */
    public Dispatcher(Executor executor, int maxConcurrency, UnaryOperator<WorkItem> runner) {
        this.executor = executor;
        this.maxConcurrency = maxConcurrency;
        this.runner = runner;
    }

    /** Runs a record as soon as a permit is free. */
    public void submit(WorkItem item) {
        if (tryAcquire()) {
            start(item);
            return;
        }
        queue.add(item);
        // A drain loop may have given its permit back between our failed acquire and the add.
        if (tryAcquire()) {
            WorkItem queued = queue.poll();
            if (queued == null) {
                active.decrementAndGet();
            } else {
                start(queued);
            }
        }
    }

    public void submitAll(List<WorkItem> items) {
        for (int i = 0; i < items.size(); i++) {
            submit(items.get(i));
        }
    }

    /** Drain loops running now (records being handled, or about to be). */
    public int active() {
        return active.get();
    }

    /** Records released and waiting for a permit. */
    public int queued() {
        return queue.size();
    }

    private boolean tryAcquire() {
        while (true) {
            int now = active.get();
            if (now >= maxConcurrency) {
                return false;
            }
            if (active.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    private void start(WorkItem first) {
        try {
            executor.execute(() -> drain(first));
        } catch (RejectedExecutionException e) {
            // Only when the processor closes: the record stays incomplete and is redelivered later.
            active.decrementAndGet();
            LOG.debug("Worker executor rejected {}: closing", first);
        }
    }

    private void drain(WorkItem first) {
        WorkItem item = first;
        while (true) {
            while (item != null) {
                WorkItem next = runSafely(item);
                item = next != null ? next : queue.poll();
            }
            active.decrementAndGet();
            if (queue.isEmpty() || !tryAcquire()) {
                return;
            }
            item = queue.poll();
        }
    }

    private WorkItem runSafely(WorkItem item) {
        try {
            return runner.apply(item);
        } catch (RuntimeException | Error e) {
            // The runner handles handler failures itself; reaching here is a bug, not a record failure.
            LOG.error("Unexpected failure while running {}", item, e);
            return null;
        }
    }
}
