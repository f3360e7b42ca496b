package io.lanes.ops.lag;

import java.util.List;

/** The evaluator's verdicts at one time (epoch ms): every group, and where commits were learnt from. */
public record LagReport(long timestampMs, long observedMs, CommitSource commitSource, List<GroupLag> groups) {

    /** The worst verdict of all groups ({@link LagStatus#OK} without groups). */
    public LagStatus worst() {
        return groups.stream().map(GroupLag::verdict).reduce(LagStatus.OK, LagStatus::worst);
    }
}
