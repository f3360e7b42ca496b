package io.lanes.ops.skew;

import java.util.ArrayList;
import java.util.List;

/**
 * What can be done about a skewed key space, as the seed articles give it: a composite key or a
 * salted key for hot keys (salting breaks per-key order), a key of higher cardinality when there
 * are too few keys. Stateless.
 */
final class SkewOptions {
    /** Fewer distinct keys than this spread unevenly over partitions by hashing alone. */
    static final int FEW_KEYS = 1_000;

    private SkewOptions() {
    }

    static List<String> options(SkewVerdict verdict, List<KeyShare> hotKeys, long distinctKeys, int partitions) {
        List<String> options = new ArrayList<>();
        if (verdict == SkewVerdict.BALANCED && hotKeys.isEmpty()) {
            return options;
        }
        if (!hotKeys.isEmpty()) {
            String names = String.join(", ", hotKeys.stream().limit(3).map(KeyShare::key).toList())
                    + (hotKeys.size() > 3 ? ", ..." : "");
            options.add("composite key: key the hot keys' records by the key plus a second attribute (e.g. user id + "
                    + "event type) so " + names + " spread over several partitions; order is then kept per composite "
                    + "key only");
            options.add("salted key: append a small random suffix to the hot keys only (key + \"-\" + random 0..n-1) to "
                    + "spread each over up to n partitions; this breaks per-key order for them: consumers must re-order "
                    + "(e.g. by a sequence number) or not need order");
            if (verdict == SkewVerdict.BALANCED) {
                options.add("the partitions are balanced for now because the hot keys happen to hash apart; a change "
                        + "of partition count can put them together");
            }
        } else if (distinctKeys > 0 && distinctKeys < FEW_KEYS) {
            options.add("no single key dominates: the skew comes from hashing only " + distinctKeys + " distinct keys "
                    + "(in the sample) over " + partitions + " partitions; a key of higher cardinality (an entity id, "
                    + "at least " + String.format(java.util.Locale.ROOT, "%,d", FEW_KEYS) + " distinct values) spreads evenly");
        } else {
            options.add("no single key dominates: check the producers' partitioner (a custom partitioner, or records "
                    + "sent to explicit partitions)");
        }
        return options;
    }
}
