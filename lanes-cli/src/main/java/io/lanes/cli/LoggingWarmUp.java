package io.lanes.cli;

import org.slf4j.LoggerFactory;

/**
 * Initialises logging on a thread of its own while the main thread builds the command line, then lets the main thread
 * wait for it before anything logs. That matters on the modules' class paths, where slf4j is bound to log4j 2 (reading
 * its configuration, loading its plugins); the {@code lanes} jar's {@code java.util.logging} ({@code io.lanes.cli.logging})
 * is ready in a few milliseconds.
 *
 * <p>Why: logging's initialisation is the largest single step of {@code lanes server}'s start-up, and picocli's
 * model building the second; neither needs the other, so on a machine with two or more cores they overlap.
 * The main thread must {@link #await} before its first logger is created: slf4j hands out stand-in loggers, and
 * replays their events with a warning, to a thread that asks while another thread initialises it.
 *
 * <p>Thread-safety: {@link #start} and {@link #await} are called by one thread (the main thread).
 */
final class LoggingWarmUp {

    private final Thread thread;

    private LoggingWarmUp(Thread thread) {
        this.thread = thread;
    }

    /** Starts initialising logging in the background. */
    static LoggingWarmUp start() {
        Thread thread = new Thread(LoggingWarmUp::initialise, "lanes-logging-init");
        thread.setDaemon(true);
        thread.start();
        return new LoggingWarmUp(thread);
    }

    /** Waits until logging is initialised (or its initialisation failed, which the first logger reports again). */
    void await() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void initialise() {
        try {
            // getILoggerFactory() alone only binds slf4j to log4j; the first logger is what reads log4j's
            // configuration and starts its context (nine tenths of the cost), so ask for one
            LoggerFactory.getLogger(LoggingWarmUp.class);
        } catch (RuntimeException | LinkageError e) {
            // the main thread's first logger meets the same failure and reports it
        }
    }
}
