package io.lanes.processor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a failed record is retried in place before it leaves for a retry topic or the dead-letter
 * topic: up to {@link #maxAttempts()} calls of the handler in all, waiting {@code initialBackoff},
 * then {@code initialBackoff * multiplier}, ... (at most {@code maxBackoff}) between them. While a
 * record waits, its key (or partition, under {@link Ordering#PARTITION}) stays blocked so order is
 * kept; no thread sleeps, the retry is scheduled.
 *
 * <p>Exceptions of a {@linkplain #nonRetryable() non-retryable} type (or a subtype) go to the dead
 * letter at once. Immutable and thread-safe.
 *
 * @param maxAttempts    calls of the handler in all, at least 1 (1 = no retry)
 * @param initialBackoff the wait before the first retry
 * @param multiplier     the factor applied to the wait after each retry, at least 1
 * @param maxBackoff     the longest wait
 * @param nonRetryable   exception types that are never retried
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                          List<Class<? extends Throwable>> nonRetryable) {

    /** 3 attempts in all (the first call and 2 retries), waiting 100 ms, then 200 ms. */
    public static final RetryPolicy DEFAULT = exponential(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retryPolicy.maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "retryPolicy.initialBackoff");
        Objects.requireNonNull(maxBackoff, "retryPolicy.maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("retryPolicy backoffs must not be negative");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("retryPolicy.multiplier must be at least 1, was " + multiplier);
        }
        nonRetryable = List.copyOf(nonRetryable);
    }

    /** An exponential backoff policy with no non-retryable exception. */
    public static RetryPolicy exponential(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, List.of());
    }

    /** No retry in place: the first failure leaves for the retry topic or the dead letter. */
    public static RetryPolicy noRetry() {
        return exponential(1, Duration.ZERO, 1.0, Duration.ZERO);
    }

    /** This policy, with these exception types (and their subtypes) sent to the dead letter at once. */
    @SafeVarargs
    public final RetryPolicy withNonRetryable(Class<? extends Throwable>... types) {
        return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, List.of(types));
    }

    /** Whether a failure may be retried at all. */
    public boolean isRetryable(Throwable failure) {
        for (Class<? extends Throwable> type : nonRetryable) {
            if (type.isInstance(failure)) {
                return false;
            }
        }
        return true;
    }

    /** The wait before the next call, after {@code failedAttempts} failed calls (1 = after the first). */
    public long backoffMillis(int failedAttempts) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        return (long) Math.min(millis, maxBackoff.toMillis());
    }
}
