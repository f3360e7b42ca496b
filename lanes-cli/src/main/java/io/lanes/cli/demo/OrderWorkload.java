package io.lanes.cli.demo;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The events the demo produces: orders of several events each, keyed by order id, with a skewed
 * key distribution. Most orders have the four lifecycle events ({@code ORDER_PLACED},
 * {@code PAID}, {@code SHIPPED}, {@code DELIVERED}); a few big orders carry 30% of all events
 * between them, Zipf-like (the k-th biggest gets a share proportional to 1/k), as
 * {@code ITEM_ADDED} events. The partitions their keys hash to are the hot ones.
 *
 * <p>The events of all orders are interleaved at random (seeded, so a seed gives the same
 * stream), each order's events in sequence order. Immutable.
 */
final class OrderWorkload {
    static final int EVENTS_PER_ORDER = 4;
    static final int BIG_ORDERS = 8;
    static final double BIG_ORDER_SHARE = 0.3;

    private final int[] orderOf;
    private final int[] seqOf;
    private final int[] sizeOfOrder;

    private OrderWorkload(int[] orderOf, int[] seqOf, int[] sizeOfOrder) {
        this.orderOf = orderOf;
        this.seqOf = seqOf;
        this.sizeOfOrder = sizeOfOrder;
    }

    /** A stream of {@code events} events (at least {@value #EVENTS_PER_ORDER}), the big orders carrying 30%. */
    static OrderWorkload generate(int events, long seed) {
        return generate(events, seed, BIG_ORDER_SHARE);
    }

    /**
     * A stream of {@code events} events (at least {@value #EVENTS_PER_ORDER}) whose
     * {@value #BIG_ORDERS} big orders carry {@code bigShare} (0 to 1) of them.
     */
    static OrderWorkload generate(int events, long seed, double bigShare) {
        if (!(bigShare >= 0 && bigShare <= 1)) {
            throw new IllegalArgumentException("the big orders' share must be between 0 and 1, not " + bigShare);
        }
        if (events < EVENTS_PER_ORDER) {
            throw new IllegalArgumentException("at least " + EVENTS_PER_ORDER + " events are needed, not " + events);
        }
        Random random = new Random(seed);
        List<Integer> sizes = orderSizes(events, bigShare);
        // order ids 1..n in random order, so the big orders are not the first ids
        int[] ids = new int[sizes.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        shuffle(ids, random);
        int[] sizeOfOrder = new int[ids.length + 1];
        int[] tokens = new int[events];
        int at = 0;
        for (int i = 0; i < ids.length; i++) {
            sizeOfOrder[ids[i]] = sizes.get(i);
            for (int k = 0; k < sizes.get(i); k++) {
                tokens[at++] = ids[i];
            }
        }
        shuffle(tokens, random);
        int[] seqOf = new int[events];
        int[] next = new int[sizeOfOrder.length];
        for (int i = 0; i < events; i++) {
            seqOf[i] = next[tokens[i]]++;
        }
        return new OrderWorkload(tokens, seqOf, sizeOfOrder);
    }

    /** Sizes of the big orders first (largest first), then the ordinary ones; they add up to {@code events}. */
    private static List<Integer> orderSizes(int events, double bigShare) {
        int bigTotal = events >= 100 * BIG_ORDERS ? (int) (events * bigShare) : 0;
        int ordinary = (events - bigTotal) / EVENTS_PER_ORDER;
        bigTotal = events - ordinary * EVENTS_PER_ORDER;
        List<Integer> sizes = new ArrayList<>();
        if (bigTotal >= BIG_ORDERS * EVENTS_PER_ORDER) {
            double harmonic = 0;
            for (int k = 1; k <= BIG_ORDERS; k++) {
                harmonic += 1.0 / k;
            }
            int assigned = 0;
            for (int k = 1; k <= BIG_ORDERS; k++) {
                int size = Math.max(EVENTS_PER_ORDER, (int) (bigTotal / harmonic / k));
                sizes.add(size);
                assigned += size;
            }
            sizes.set(0, sizes.get(0) + bigTotal - assigned);
        } else if (bigTotal > 0) {
            // too few events for big orders: the remainder makes one order a little longer
            ordinary--;
            sizes.add(EVENTS_PER_ORDER + bigTotal);
        }
        for (int i = 0; i < ordinary; i++) {
            sizes.add(EVENTS_PER_ORDER);
        }
        return sizes;
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    int size() {
        return orderOf.length;
    }

    int orders() {
        return sizeOfOrder.length - 1;
    }

    int orderId(int event) {
        return orderOf[event];
    }

    int seq(int event) {
        return seqOf[event];
    }

    int eventsInOrder(int orderId) {
        return sizeOfOrder[orderId];
    }

    String key(int event) {
        return OrderEvents.key(orderOf[event]);
    }

    String value(int event) {
        return OrderEvents.value(orderOf[event], seqOf[event], sizeOfOrder[orderOf[event]]);
    }

    /** The {@code n} orders with the most events, most first. */
    List<Integer> biggestOrders(int n) {
        List<Integer> ids = new ArrayList<>();
        for (int id = 1; id < sizeOfOrder.length; id++) {
            ids.add(id);
        }
        ids.sort(Comparator.comparingInt((Integer id) -> sizeOfOrder[id]).reversed().thenComparing(id -> id));
        return ids.subList(0, Math.min(n, ids.size()));
    }

    /**
     * How many events each partition will get, by the Java producer's default partitioner
     * (murmur2 of the key, as Kafka clients do for keyed records).
     */
    long[] eventsPerPartition(int partitions) {
        long[] counts = new long[partitions];
        for (int id = 1; id < sizeOfOrder.length; id++) {
            counts[partitionOf(id, partitions)] += sizeOfOrder[id];
        }
        return counts;
    }

    static int partitionOf(int orderId, int partitions) {
        byte[] key = OrderEvents.key(orderId).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }
}
