package io.lanes.ops.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The warnings that go with a partition plan: a key space too small for the partition count (under
 * 1,000 distinct keys hash unevenly; fewer keys than partitions leave partitions empty), and what
 * adding partitions to a keyed topic does (keys are remapped, per-key order across the change is
 * lost). Stateless.
 */
public final class PlanAdvice {
    /** Seed article 003: avoid keys with fewer than this many distinct values on busy topics. */
    public static final long FEW_KEYS = 1_000;

    private PlanAdvice() {
    }

    /**
     * @param plan              the plan
     * @param keySpace          the topic's keys, or null when not known
     * @param topic             the topic, or null when planning a new one
     * @param currentPartitions the topic's partition count now (ignored without a topic)
     */
    public static List<String> warnings(PartitionPlan plan, KeySpace keySpace, String topic, int currentPartitions) {
        List<String> warnings = new ArrayList<>();
        if (keySpace != null && keySpace.keyed()) {
            long keys = keySpace.distinctKeys();
            if (keys < plan.recommended()) {
                warnings.add(format("only %,d distinct keys for %,d partitions: at least %,d partitions would get no "
                                + "records and their consumers would idle; all records of a key go to one partition",
                        keys, plan.recommended(), plan.recommended() - keys));
            } else if (keys < FEW_KEYS) {
                warnings.add(format("only %,d distinct keys (under %,d): hashing so few keys spreads them unevenly "
                        + "over %,d partitions, so some partitions will be busier than others; key by something of "
                        + "higher cardinality if you can", keys, FEW_KEYS, plan.recommended()));
            }
        }
        if (topic != null && plan.recommended() > currentPartitions && (keySpace == null || keySpace.keyed())) {
            warnings.add(format("%s has %,d partitions: adding partitions to a keyed topic remaps keys (partition = "
                    + "hash(key) mod partitions), so a key's new records may go to another partition than its old ones "
                    + "and per-key order across the change is lost; drain the consumers before adding partitions, or "
                    + "move to a new topic created with %,d", topic, currentPartitions, plan.recommended()));
        }
        return warnings;
    }

    /** Notes that always hold: partitions can only be added, and adding them to a keyed topic remaps keys. */
    public static List<String> notes(PartitionPlan plan, KeySpace keySpace, String topic, int currentPartitions) {
        List<String> notes = new ArrayList<>();
        if (keySpace == null) {
            notes.add(format("key space not checked (give --keys N, or --topic to sample it): under %,d distinct keys "
                    + "spread unevenly", FEW_KEYS));
        }
        if (topic == null) {
            notes.add("partitions can be added but never removed, and adding them to a keyed topic remaps keys (per-key "
                    + "order across the change is lost): create the topic with the recommended count");
        } else if (plan.recommended() < currentPartitions) {
            notes.add(format("%s already has %,d partitions, more than recommended; partitions cannot be removed",
                    topic, currentPartitions));
        } else if (plan.recommended() == currentPartitions) {
            notes.add(format("%s already has the recommended %,d partitions", topic, currentPartitions));
        }
        return notes;
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
