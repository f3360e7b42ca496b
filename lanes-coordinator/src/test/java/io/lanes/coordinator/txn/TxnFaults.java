package io.lanes.coordinator.txn;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The fault plan of one property run: seeded odds that an append fails, that a durable wait fails and that a
 * marker write fails, and whether a durable or marker future completes at once (page-cache mode) or later on
 * another thread (fsync mode). It also records every I/O the coordinator does while holding its lock.
 *
 * <p>Thread-safe.
 */
final class TxnFaults implements AutoCloseable {
    private final Random random;
    private final ExecutorService async = Executors.newFixedThreadPool(2);
    private final AtomicInteger outstanding = new AtomicInteger();
    private final List<String> ioUnderLock = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;
    private volatile BooleanSupplier lockHeld = () -> false;

    TxnFaults(long seed) {
        this.random = new Random(seed);
    }

    /** Which coordinator's lock {@link #io} checks. */
    void watch(TransactionCoordinator coordinator) {
        lockHeld = coordinator::holdsLock;
    }

    /** Stops injecting faults (everything succeeds from now on). */
    void disable() {
        enabled = false;
    }

    /** Whether this {@code kind} of operation fails this time. */
    boolean fail(String kind) {
        if (!enabled) {
            return false;
        }
        int percent = switch (kind) {
            case "append" -> 8;
            case "durable" -> 3;
            case "markers" -> 15;
            default -> 0;
        };
        synchronized (random) {
            return random.nextInt(100) < percent;
        }
    }

    /** Notes an I/O (or a wait that may block) made while the coordinator holds its lock. */
    void io(String what) {
        if (lockHeld.getAsBoolean()) {
            ioUnderLock.add(what + " on " + Thread.currentThread().getName());
        }
    }

    List<String> ioUnderLock() {
        return List.copyOf(ioUnderLock);
    }

    /** A future that succeeds or fails, completed at once or by another thread. */
    CompletableFuture<Void> complete(boolean success, String failure) {
        boolean later;
        synchronized (random) {
            later = random.nextBoolean();
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        Runnable done = () -> {
            if (success) {
                future.complete(null);
            } else {
                future.completeExceptionally(new org.apache.kafka.common.errors.KafkaStorageException(failure));
            }
        };
        if (!later) {
            done.run();
            return future;
        }
        outstanding.incrementAndGet();
        async.execute(() -> {
            try {
                done.run();
            } finally {
                outstanding.decrementAndGet();
            }
        });
        return future;
    }

    /** Waits until no completion is outstanding on the other threads. */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outstanding.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(outstanding.get() + " completions never ran");
            }
            Thread.sleep(1);
        }
    }

    @Override
    public void close() {
        async.shutdownNow();
    }
}
