package io.lanes.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Futures waiting until a log is fsynced up to an offset. Thread-safety: all methods synchronize on this;
 * futures are completed outside the lock so callbacks cannot deadlock with {@link #register}.
 */
public final class DurableWaiters {

    private record Waiter(long offset, CompletableFuture<Void> future) {
    }

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.offset, b.offset));
    private long durableOffset;
    private Throwable failure;

    public DurableWaiters(long durableOffset) {
        this.durableOffset = durableOffset;
    }

    /** A future completing once everything below {@code offset} is durable. */
    public CompletableFuture<Void> register(long offset) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            if (failure != null) {
                f.completeExceptionally(failure);
                return f;
            }
            if (offset <= durableOffset) {
                f.complete(null);
                return f;
            }
            waiters.add(new Waiter(offset, f));
        }
        return f;
    }

    public synchronized long durableOffset() {
        return durableOffset;
    }

    /** Advances the durable offset and completes the waiters it covers; returns how many it completed. */
    public int advance(long offset) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            if (offset > durableOffset) {
                durableOffset = offset;
            }
            while (!waiters.isEmpty() && waiters.peek().offset <= durableOffset) {
                done.add(waiters.poll().future);
            }
        }
        done.forEach(f -> f.complete(null));
        return done.size();
    }

    /** Fails every current waiter (an fsync failed: nothing above the durable offset can be promised). */
    public void failAll(Throwable cause) {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        synchronized (this) {
            while (!waiters.isEmpty()) {
                failed.add(waiters.poll().future);
            }
        }
        failed.forEach(f -> f.completeExceptionally(cause));
    }

    /** Fails current and future waiters (log closed or deleted). */
    public void close(Throwable cause) {
        synchronized (this) {
            failure = cause;
        }
        failAll(cause);
    }
}
