package io.lanes.cli.demo;

import java.util.List;

/**
 * The demo's order workload for tests outside the demo package (e.g. {@code lanes skew} on it):
 * keys and values as the demo produces them, its biggest orders and where they land. Immutable.
 */
public final class DemoWorkloads {
    private final OrderWorkload workload;

    private DemoWorkloads(OrderWorkload workload) {
        this.workload = workload;
    }

    /** {@code events} demo events (the demo's 8 big orders carry 30%), seeded. */
    public static DemoWorkloads orders(int events, long seed) {
        return new DemoWorkloads(OrderWorkload.generate(events, seed));
    }

    public int size() {
        return workload.size();
    }

    public String key(int event) {
        return workload.key(event);
    }

    public String value(int event) {
        return workload.value(event);
    }

    /** The keys of the {@code n} biggest orders, biggest first. */
    public List<String> biggestOrderKeys(int n) {
        return workload.biggestOrders(n).stream().map(OrderEvents::key).toList();
    }

    /** The partition that gets the most events with {@code partitions} partitions (Kafka's default partitioner). */
    public int busiestPartition(int partitions) {
        long[] counts = workload.eventsPerPartition(partitions);
        int busiest = 0;
        for (int p = 1; p < counts.length; p++) {
            busiest = counts[p] > counts[busiest] ? p : busiest;
        }
        return busiest;
    }

    /** Events per partition with {@code partitions} partitions. */
    public long[] eventsPerPartition(int partitions) {
        return workload.eventsPerPartition(partitions);
    }
}
