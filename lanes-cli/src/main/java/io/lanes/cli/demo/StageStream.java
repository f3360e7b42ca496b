package io.lanes.cli.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The processor stage's input: a fresh order stream ({@link OrderWorkload}) with a few malformed
 * events mixed in at seeded places, each keyed by an existing order (so it sits in that order's
 * lane), and every n-th good event marked to fail on its first attempt. Immutable.
 */
final class StageStream {
    private final OrderWorkload workload;
    private final List<StageRecord> records;

    private StageStream(OrderWorkload workload, List<StageRecord> records) {
        this.workload = workload;
        this.records = List.copyOf(records);
    }

    /**
     * One record of the stream.
     *
     * @param key       the order key, UTF-8
     * @param value     the value bytes as produced
     * @param orderId   the order it belongs to (by key)
     * @param seq       its sequence number in the order, or -1 for a malformed event
     * @param malformed whether the deserializer rejects the value
     * @param transient whether the handler fails on its first attempt
     */
    record StageRecord(String key, byte[] value, int orderId, int seq, boolean malformed, boolean failsOnce) {
        /** Identifies a good event: its order and sequence number. */
        long eventId() {
            return eventId(orderId, seq);
        }

        static long eventId(int orderId, int seq) {
            return ((long) orderId << 32) | (seq & 0xffffffffL);
        }
    }

    static StageStream generate(StageSettings settings, long seed) {
        OrderWorkload workload = OrderWorkload.generate(settings.events(), seed, settings.bigShare());
        Random random = new Random(seed);
        int n = workload.size();
        // where the malformed events go: one in each of `malformed` equal stretches of the stream
        List<Integer> malformedBefore = new ArrayList<>();
        for (int m = 0; m < settings.malformed(); m++) {
            malformedBefore.add((int) ((long) n * m / settings.malformed()) + random.nextInt(Math.max(1,
                    n / settings.malformed())));
        }
        List<StageRecord> records = new ArrayList<>(n + settings.malformed());
        int nextMalformed = 0;
        for (int i = 0; i < n; i++) {
            while (nextMalformed < malformedBefore.size() && malformedBefore.get(nextMalformed) <= i) {
                int order = workload.orderId(random.nextInt(n));
                records.add(new StageRecord(OrderEvents.key(order), malformedValue(nextMalformed, order), order, -1,
                        true, false));
                nextMalformed++;
            }
            boolean fails = settings.failEvery() > 0 && (i + 1) % settings.failEvery() == 0;
            records.add(new StageRecord(workload.key(i), workload.value(i).getBytes(StandardCharsets.UTF_8),
                    workload.orderId(i), workload.seq(i), false, fails));
        }
        while (nextMalformed < malformedBefore.size()) {
            int order = workload.orderId(random.nextInt(n));
            records.add(new StageRecord(OrderEvents.key(order), malformedValue(nextMalformed, order), order, -1, true,
                    false));
            nextMalformed++;
        }
        return new StageStream(workload, records);
    }

    /** Values a careless producer might write: cut short, an unknown type, not JSON, not UTF-8, empty. */
    static byte[] malformedValue(int n, int orderId) {
        String key = OrderEvents.key(orderId);
        return switch (n % 5) {
            case 0 -> ("{\"order\":\"" + key + "\",\"seq\":").getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"order\":\"" + key + "\",\"seq\":1,\"type\":\"REFUNDED\"}").getBytes(StandardCharsets.UTF_8);
            case 2 -> ("order " + key + " paid").getBytes(StandardCharsets.UTF_8);
            case 3 -> new byte[]{(byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1, 0x7b};
            default -> new byte[0];
        };
    }

    OrderWorkload workload() {
        return workload;
    }

    List<StageRecord> records() {
        return records;
    }

    long good() {
        return records.stream().filter(r -> !r.malformed()).count();
    }
}
