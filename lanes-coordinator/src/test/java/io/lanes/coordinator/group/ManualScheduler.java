package io.lanes.coordinator.group;

import io.lanes.coordinator.runtime.Scheduler;

import java.util.PriorityQueue;

/**
 * A scheduler for tests: time moves only when {@link #advance} is called, which runs due tasks in order on the
 * calling thread. Several threads may advance at once; time only moves forward.
 */
final class ManualScheduler implements Scheduler {
    private record Entry(long due, long seq, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now = 1_000_000;
    private long seq;

    @Override
    public synchronized long nowMs() {
        return now;
    }

    @Override
    public synchronized Task schedule(long delayMs, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Entry(now + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward by {@code ms}, running every task that falls due on the way. */
    void advance(long ms) {
        long target;
        synchronized (this) {
            target = now + ms;
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    // threads may advance concurrently: time never goes back
                    now = Math.max(now, target);
                    return;
                }
                queue.poll();
                now = Math.max(now, next.due);
            }
            if (!next.cancelled[0]) {
                next.task.run();
            }
        }
    }

    /** Runs tasks due now (zero-delay timers). */
    void runDue() {
        advance(0);
    }
}
