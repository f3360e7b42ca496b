package io.lanes.coordinator.runtime;

/**
 * The clock and timers of the coordinator. Production uses {@link SystemScheduler}; tests use
 * a manual implementation that runs due tasks when time is advanced.
 *
 * <p>Implementations are thread-safe. Tasks run on a thread of the scheduler, never on the
 * caller of {@link #schedule}; a task must take whatever lock guards the state it touches.
 */
public interface Scheduler {
    /** The current wall-clock time in milliseconds. */
    long nowMs();

    /**
     * Runs {@code task} once after {@code delayMs} (0 or less: as soon as possible).
     *
     * @return a handle that cancels the task if it has not started yet
     */
    Task schedule(long delayMs, Runnable task);

    /** A scheduled task. */
    interface Task {
        /** Cancels the task if it has not started; harmless if it ran or was cancelled. */
        void cancel();
    }
}
