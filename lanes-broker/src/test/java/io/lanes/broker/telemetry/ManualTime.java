package io.lanes.broker.telemetry;

import org.apache.kafka.common.utils.Time;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A clock tests move by hand. */
final class ManualTime implements Time {

    private final AtomicLong nowMs;

    ManualTime(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    void advance(long ms) {
        nowMs.addAndGet(ms);
    }

    @Override
    public long milliseconds() {
        return nowMs.get();
    }

    @Override
    public long nanoseconds() {
        return nowMs.get() * 1_000_000L;
    }

    @Override
    public void sleep(long ms) {
        advance(ms);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) throws InterruptedException {
        synchronized (obj) {
            while (!condition.get()) {
                if (milliseconds() >= deadlineMs) {
                    throw new org.apache.kafka.common.errors.TimeoutException("Condition not satisfied");
                }
                obj.wait(10);
            }
        }
    }
}
