package io.lanes.storage.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Background fsync for {@code Durability.FSYNC}: logs with unflushed appends enqueue their flush task once
 * (the log dedups with a flag) and flusher threads run the tasks. Every append that lands while an fsync runs
 * is covered by the log's next fsync, so many producers share one fsync (group commit). Several threads let
 * different partitions fsync in parallel; one partition never has two fsyncs in flight through this queue.
 *
 * <p>Thread-safety: {@link #submit} may be called from any thread.
 */
public final class GroupCommitFlusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitFlusher.class);

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    public GroupCommitFlusher(int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::loop, "lanes-group-commit-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    public void submit(Runnable flushTask) {
        queue.add(flushTask);
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            try {
                Runnable task = queue.poll(100, TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                // A failing log must not stop fsyncs of the others; its waiters are failed by the task itself.
                LOG.error("Group commit flush failed", e);
            }
        }
    }

    /** Runs what is queued, then stops the threads. */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
