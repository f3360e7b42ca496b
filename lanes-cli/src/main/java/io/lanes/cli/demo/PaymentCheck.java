package io.lanes.cli.demo;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Exactly-once output: {@code payment_results}, read with {@code isolation.level=read_committed}, holds exactly
 * one payment for every order whose PAID event the producer had acknowledged, and none for any other order.
 * Billing writes each payment in the transaction that commits the PAID event's offset, so a rebalance or a
 * retried transaction may redeliver events but never duplicates or loses a payment.
 */
final class PaymentCheck {
    static final String TITLE = "each order was paid exactly once (transactions, read_committed)";

    private PaymentCheck() {
    }

    /**
     * @param expected orders whose PAID event was acknowledged
     * @param payments committed payments per order, as a read_committed consumer found them
     * @param error    why the payments could not be read, or null
     */
    static CheckResult check(Set<Integer> expected, Map<Integer, Integer> payments, String error) {
        CheckResult.Builder result = new CheckResult.Builder(TITLE);
        if (error != null) {
            result.violation("could not read %s: %s", PaymentWriter.TOPIC, error);
            return result.build();
        }
        long total = payments.values().stream().mapToLong(Integer::longValue).sum();
        result.detail("%s committed payments for %s with a PAID event", Format.count(total),
                Format.plural(expected.size(), "order"));
        for (int order : new TreeSet<>(expected)) {
            int count = payments.getOrDefault(order, 0);
            if (count != 1) {
                result.violation("%s was paid %d times", OrderEvents.key(order), count);
            }
        }
        for (int order : new TreeSet<>(payments.keySet())) {
            if (!expected.contains(order)) {
                result.violation("%s was paid but its PAID event was never acknowledged", OrderEvents.key(order));
            }
        }
        return result.build();
    }
}
