package io.lanes.ops.plan;

import java.util.List;

/**
 * Everything {@code lanes plan partitions} reports: the plan, what was measured (if anything), the
 * key space (if known), the topic's partition count now (if a topic was given), warnings and notes.
 * Immutable.
 *
 * @param plan              the plan with its rules
 * @param topic             the topic measured, or null
 * @param group             the group measured, or null
 * @param currentPartitions the topic's partitions now, or null without a topic
 * @param measured          the rates measured over the window, or null when both were given
 * @param keySpace          the key space, or null when unknown
 * @param warnings          what may go wrong with this plan
 * @param notes             what the reader should know
 */
public record PartitionPlanReport(PartitionPlan plan, String topic, String group, Integer currentPartitions,
                                  MeasuredRates measured, KeySpace keySpace, List<String> warnings, List<String> notes) {

    public PartitionPlanReport {
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }
}
