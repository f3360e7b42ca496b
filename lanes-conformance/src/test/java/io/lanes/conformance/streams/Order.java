package io.lanes.conformance.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An order event of seed article 001, keyed by user id on the {@code order_events} topic. Its value is the text
 * {@code <orderId>,<amountCents>,<status>}; the event time is the record timestamp.
 *
 * @param orderId     unique per order
 * @param userId      the record key
 * @param amountCents the order amount
 * @param status      {@code completed} or {@code cancelled}; only completed orders count
 * @param timestamp   event time in epoch milliseconds
 */
record Order(String orderId, String userId, long amountCents, String status, long timestamp) {

    static final String COMPLETED = "completed";

    /** The record value. */
    String value() {
        return orderId + "," + amountCents + "," + status;
    }

    boolean completed() {
        return COMPLETED.equals(status);
    }

    /** The amount of a record value. */
    static long amountOf(String value) {
        return Long.parseLong(value.split(",", -1)[1]);
    }

    /** Whether a record value is a completed order. */
    static boolean isCompleted(String value) {
        return COMPLETED.equals(value.split(",", -1)[2]);
    }

    /**
     * A reproducible order stream: {@code count} orders of {@code users} users, one every 3 s of event time from
     * {@code start}, about one in five cancelled.
     */
    static List<Order> generate(long seed, int count, int users, long start) {
        Random random = new Random(seed);
        List<Order> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String status = random.nextInt(5) == 0 ? "cancelled" : COMPLETED;
            orders.add(new Order("order-" + i, "user-" + random.nextInt(users), 100 + random.nextInt(9_900),
                    status, start + i * 3_000L));
        }
        return orders;
    }
}
