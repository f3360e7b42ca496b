package io.lanes.ops.lag;

/** The status of one partition and, in words, the rule that decided it. */
public record PartitionVerdict(LagStatus status, String rule) {
}
