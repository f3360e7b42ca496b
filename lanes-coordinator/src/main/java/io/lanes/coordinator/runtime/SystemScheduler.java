package io.lanes.coordinator.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on the system clock with one daemon timer thread. Timer tasks are short
 * (they take a shard lock, change a few fields, append a record); a failing task is logged and
 * does not stop the thread.
 *
 * <p>Thread-safe.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SystemScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    public SystemScheduler(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nowMs() {
        return System.currentTimeMillis();
    }

    @Override
    public Task schedule(long delayMs, Runnable task) {
        if (executor.isShutdown()) {
            return () -> { };
        }
        ScheduledFuture<?> future = executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Coordinator timer task failed", e);
            }
        }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    /** Stops the timer thread; pending tasks are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
