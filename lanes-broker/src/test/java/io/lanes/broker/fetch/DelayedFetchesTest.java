package io.lanes.broker.fetch;

import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fetch purgatory on an embedded event loop whose clock moves only when the test says so: what a long poll
 * reads, and when, is observed directly rather than through timing.
 */
class DelayedFetchesTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final long MAX_WAIT_MS = 500;

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final DelayedFetches fetches = new DelayedFetches();
    private final AtomicBoolean dataArrived = new AtomicBoolean();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger deadlineReads = new AtomicInteger();

    DelayedFetchesTest() {
        loop.freezeTime();
    }

    @AfterEach
    void close() {
        loop.finishAndReleaseAll();
    }

    @Test
    void shouldNotReadAgainAtDeadlineWhenDataCompletedTheFetchEarly() {
        // given: a long poll that finds nothing at first
        CompletableFuture<String> fetch = longPoll();
        loop.runPendingTasks();
        assertThat(fetch).isNotDone();

        // when: data arrives before max.wait.ms, then the deadline passes
        dataArrived.set(true);
        fetches.onHighWatermark(TP);
        loop.runPendingTasks();
        loop.advanceTimeBy(MAX_WAIT_MS * 2, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();

        // then: answered with the data; the timer was cancelled, so nothing was read at the deadline
        assertThat(fetch).isCompletedWithValue("records");
        assertThat(deadlineReads).hasValue(0);
        assertThat(fetches.expiredCount()).isZero();
        assertThat(loop.hasPendingTasks()).isFalse();
    }

    @Test
    void shouldAnswerWithDeadlineReadWhenNoDataArrives() {
        // given
        CompletableFuture<String> fetch = longPoll();
        loop.runPendingTasks();

        // when
        loop.advanceTimeBy(MAX_WAIT_MS, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();

        // then
        assertThat(fetch).isCompletedWithValue("nothing yet");
        assertThat(deadlineReads).hasValue(1);
        assertThat(fetches.expiredCount()).isEqualTo(1);
    }

    @Test
    void shouldStopRetryingOnceCompleted() {
        // given: a fetch completed by data
        CompletableFuture<String> fetch = longPoll();
        dataArrived.set(true);
        loop.runPendingTasks();
        int retriesWhenAnswered = retries.get();

        // when: more data arrives for the same partition
        fetches.onHighWatermark(TP);
        loop.runPendingTasks();

        // then: the answered fetch is no longer registered, so it is not read again
        assertThat(fetch).isCompletedWithValue("records");
        assertThat(retries).hasValue(retriesWhenAnswered);
    }

    private CompletableFuture<String> longPoll() {
        return fetches.await(List.of(TP), loop.eventLoop(), MAX_WAIT_MS,
                () -> {
                    retries.incrementAndGet();
                    return dataArrived.get() ? Optional.of("records") : Optional.empty();
                },
                () -> {
                    deadlineReads.incrementAndGet();
                    return dataArrived.get() ? "records" : "nothing yet";
                });
    }
}
