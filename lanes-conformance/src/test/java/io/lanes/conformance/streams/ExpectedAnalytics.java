package io.lanes.conformance.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outputs {@link OrderAnalyticsTopology} must produce for a list of orders when every order is processed
 * exactly once.
 *
 * @param summaries        per user, every {@code <count>,<totalCents>} update in order
 * @param revenueByWindow  per window start (as text), the revenue of its completed orders
 * @param ordersByWindow   per window start (as text), how many completed orders fell into it
 * @param completedOrders  how many orders are completed, which is the number of updates of each output
 */
record ExpectedAnalytics(Map<String, List<String>> summaries, Map<String, Long> revenueByWindow,
                         Map<String, Integer> ordersByWindow, int completedOrders) {

    static ExpectedAnalytics of(List<Order> orders) {
        Map<String, List<String>> summaries = new TreeMap<>();
        Map<String, long[]> totals = new TreeMap<>();
        Map<String, Long> revenue = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        int completed = 0;
        long window = OrderAnalyticsTopology.WINDOW.toMillis();
        for (Order order : orders) {
            if (!order.completed()) {
                continue;
            }
            completed++;
            long[] countAndTotal = totals.computeIfAbsent(order.userId(), u -> new long[2]);
            countAndTotal[0]++;
            countAndTotal[1] += order.amountCents();
            summaries.computeIfAbsent(order.userId(), u -> new ArrayList<>())
                    .add(countAndTotal[0] + "," + countAndTotal[1]);
            String start = Long.toString(order.timestamp() - order.timestamp() % window);
            revenue.merge(start, order.amountCents(), Long::sum);
            counts.merge(start, 1, Integer::sum);
        }
        return new ExpectedAnalytics(summaries, revenue, counts, completed);
    }
}
