package io.lanes.broker.fetch;

import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Long-polling fetches waiting for data (Kafka's fetch purgatory).
 *
 * <p>A waiting fetch is registered under each partition it reads. When a partition's high
 * watermark advances, {@link #onHighWatermark} re-tries each fetch waiting on it, on the
 * fetch's own connection event loop; the fetch completes as soon as a retry has enough data,
 * or with whatever is there when {@code fetch.max.wait.ms} expires. A fetch that completes early cancels its
 * timer, so it is not read again at its deadline; {@link #expiredCount()} counts the fetches their timer completed
 * (Kafka's DelayedFetchMetrics ExpiresPerSec).
 *
 * <p>Thread-safe: {@link #onHighWatermark} is called from appending and flushing threads.
 */
public final class DelayedFetches {
    private final Map<TopicPartition, Set<Waiter<?>>> waiting = new ConcurrentHashMap<>();
    private final LongAdder expired = new LongAdder();

    /**
     * Waits until {@code attempt} yields a response or {@code maxWaitMs} passes.
     *
     * @param attempt   reads the partitions again; empty while there is not enough data
     * @param onTimeout the response to give when the wait expires
     */
    public <T> CompletableFuture<T> await(Collection<TopicPartition> partitions, EventExecutor executor,
                                          long maxWaitMs, Supplier<Optional<T>> attempt, Supplier<T> onTimeout) {
        Waiter<T> waiter = new Waiter<>(partitions, executor, attempt);
        for (TopicPartition tp : partitions) {
            // compute, not computeIfAbsent().add(): adding must be atomic with finish() removing an empty set.
            waiting.compute(tp, (k, set) -> {
                Set<Waiter<?>> waiters = set == null ? ConcurrentHashMap.newKeySet() : set;
                waiters.add(waiter);
                return waiters;
            });
        }
        waiter.timer = executor.schedule(() -> waiter.expire(onTimeout), maxWaitMs, TimeUnit.MILLISECONDS);
        // Data may have arrived between the caller's first read and the registration above.
        executor.execute(waiter::retry);
        return waiter.result;
    }

    /** Fetches completed by their {@code fetch.max.wait.ms} timer rather than by data arriving. */
    public long expiredCount() {
        return expired.sum();
    }

    /** Wakes the fetches waiting on {@code tp}. */
    public void onHighWatermark(TopicPartition tp) {
        Set<Waiter<?>> waiters = waiting.get(tp);
        if (waiters != null) {
            for (Waiter<?> waiter : waiters) {
                waiter.executor.execute(waiter::retry);
            }
        }
    }

    /** One waiting fetch; its methods run on its connection's event loop only. */
    private final class Waiter<T> {
        private final Collection<TopicPartition> partitions;
        private final EventExecutor executor;
        private final Supplier<Optional<T>> attempt;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        /** The max-wait timer; set right after registration, before any retry can run on the event loop. */
        private volatile ScheduledFuture<?> timer;

        Waiter(Collection<TopicPartition> partitions, EventExecutor executor, Supplier<Optional<T>> attempt) {
            this.partitions = partitions;
            this.executor = executor;
            this.attempt = attempt;
        }

        void retry() {
            if (!result.isDone()) {
                try {
                    attempt.get().ifPresent(this::finish);
                } catch (RuntimeException e) {
                    unregister();
                    cancelTimer();
                    result.completeExceptionally(e);
                }
            }
        }

        /** The deadline passed: answer with what is there, unless data completed the fetch first. */
        void expire(Supplier<T> onTimeout) {
            if (result.isDone()) {
                return;
            }
            expired.increment();
            finish(onTimeout.get());
        }

        void finish(T response) {
            if (result.isDone()) {
                return;
            }
            unregister();
            cancelTimer();
            result.complete(response);
        }

        void cancelTimer() {
            ScheduledFuture<?> deadline = timer;
            if (deadline != null) {
                deadline.cancel(false);
            }
        }

        void unregister() {
            for (TopicPartition tp : partitions) {
                waiting.computeIfPresent(tp, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}
