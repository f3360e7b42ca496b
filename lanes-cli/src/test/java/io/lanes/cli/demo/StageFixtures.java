package io.lanes.cli.demo;

import io.lanes.cli.demo.StageJournal.Attempt;
import io.lanes.cli.demo.StageProducer.Placed;
import io.lanes.cli.demo.StageStream.StageRecord;

import java.nio.charset.StandardCharsets;

/** Records and handler calls of a processor stage, written by hand for the checks' tests. */
final class StageFixtures {
    private StageFixtures() {
    }

    static Placed good(int partition, long offset, int orderId, int seq, boolean failsOnce) {
        String value = OrderEvents.value(orderId, seq, 4);
        return new Placed(new StageRecord(OrderEvents.key(orderId), value.getBytes(StandardCharsets.UTF_8), orderId, seq,
                false, failsOnce), partition, offset);
    }

    static Placed malformed(int partition, long offset, int orderId, byte[] value) {
        return new Placed(new StageRecord(OrderEvents.key(orderId), value, orderId, -1, true, false), partition, offset);
    }

    /** A call of {@code placed}'s handler from {@code start} to {@code end} (milliseconds). */
    static Attempt call(Placed placed, long startMillis, long endMillis, boolean succeeded) {
        return new Attempt(placed.partition(), placed.offset(), placed.record().orderId(), placed.record().seq(),
                startMillis * 1_000_000, endMillis * 1_000_000, succeeded);
    }
}
