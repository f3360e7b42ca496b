package io.lanes.ops.plan;

/**
 * A partition count computed from a peak rate, a per-consumer rate and a headroom, with the rules
 * used written out so a reader can check them. Immutable.
 *
 * @param peakRate           the peak produce rate, records/s
 * @param perConsumerRate    what one consumer processes, records/s
 * @param headroom           spare capacity above the minimum
 * @param minimum            {@code ceil(peak / per-consumer rate)}: partitions (and so consumers) needed at the peak
 * @param recommended        {@code ceil(minimum * (1 + headroom))}
 * @param minimumRule        the minimum's rule with the numbers put in
 * @param recommendedRule    the recommendation's rule with the numbers put in
 * @param extraPartitions    {@code recommended - minimum}
 * @param busyAtPeakPercent  how busy each of {@code recommended} consumers is at the peak, in percent
 */
public record PartitionPlan(PlanInput peakRate, PlanInput perConsumerRate, Headroom headroom, long minimum,
                            long recommended, String minimumRule, String recommendedRule, long extraPartitions,
                            double busyAtPeakPercent) {
}
