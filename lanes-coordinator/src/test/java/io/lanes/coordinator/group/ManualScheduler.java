package io.lanes.coordinator.group;

import io.lanes.coordinator.runtime.Scheduler;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A scheduler for tests: time moves only when {@link #advance} is called, which runs the tasks falling due on the
 * way, in due order, on the calling thread. Thread-safe: several threads may schedule and advance at once (each
 * task runs once, on whichever advancing thread takes it).
 */
public final class ManualScheduler implements Scheduler {
    private record Entry(long due, long seq, Runnable task, AtomicBoolean cancelled) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    /** Time starts at 1,000,000 ms. */
    public ManualScheduler() {
        this(1_000_000);
    }

    public ManualScheduler(long startMs) {
        this.now = startMs;
    }

    @Override
    public synchronized long nowMs() {
        return now;
    }

    @Override
    public synchronized Task schedule(long delayMs, Runnable task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        queue.add(new Entry(now + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled.set(true);
    }

    /** Moves time forward by {@code ms}, running every task that falls due on the way. */
    public void advance(long ms) {
        long target;
        synchronized (this) {
            target = now + ms;
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > Math.max(target, now)) {
                    now = Math.max(now, target);
                    return;
                }
                queue.poll();
                now = Math.max(now, next.due);
            }
            if (!next.cancelled.get()) {
                next.task.run();
            }
        }
    }

    /** Runs tasks due now (zero-delay timers). */
    public void runDue() {
        advance(0);
    }
}
