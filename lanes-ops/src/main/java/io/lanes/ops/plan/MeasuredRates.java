package io.lanes.ops.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rates measured between two {@link OffsetSnapshot}s: the produce rate (log end offsets advance ÷
 * seconds) and, when a group was measured, the per-consumer processing rate (committed offsets
 * advance ÷ seconds ÷ members). The per-consumer rate is the consumers' capacity only when
 * records were waiting for them throughout the window ({@link #saturated}); otherwise they
 * processed what they were given and their capacity is at least that. Immutable.
 *
 * @param seconds         length of the window
 * @param produced        records appended to the topic in the window
 * @param produceRate     {@code produced / seconds}
 * @param consumed        records the group's commits advanced over in the window (0 without a group)
 * @param members         members consuming the topic at the end of the window
 * @param perConsumerRate {@code consumed / seconds / members}, or null without a group or members
 * @param lagStart        the group's lag at the start of the window
 * @param lagEnd          the group's lag at the end of the window
 * @param saturated       records were waiting at both ends of the window (lag above one second of the
 *                        group's consumption), so the group's rate was limited by the consumers, not by input
 * @param notes           what the reader should know about the measurement
 */
public record MeasuredRates(double seconds, long produced, double produceRate, long consumed, int members,
                            Double perConsumerRate, long lagStart, long lagEnd, boolean saturated, List<String> notes) {

    public MeasuredRates {
        notes = List.copyOf(notes);
    }

    /** The rates between {@code start} and {@code end}; {@code withGroup} says whether a group was measured. */
    public static MeasuredRates between(OffsetSnapshot start, OffsetSnapshot end, boolean withGroup) {
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        if (seconds <= 0) {
            throw new IllegalArgumentException("the window must have a length, got " + seconds + " s");
        }
        long produced = advance(start.logEnd(), end.logEnd());
        List<String> notes = new ArrayList<>();
        if (!withGroup) {
            return new MeasuredRates(seconds, produced, produced / seconds, 0, 0, null, 0, 0, false, notes);
        }
        long consumed = advance(start.committed(), end.committed());
        int members = end.members();
        Double perConsumer = members > 0 ? consumed / seconds / members : null;
        double groupRate = consumed / seconds;
        long lagStart = start.lag();
        long lagEnd = end.lag();
        boolean saturated = lagStart > 0 && lagEnd > 0 && lagStart >= groupRate && lagEnd >= groupRate;
        if (start.members() != end.members()) {
            notes.add("the group had " + start.members() + " members at the start of the window and " + end.members()
                    + " at the end: a rebalance pauses consumption, so the rate may read low");
        }
        if (end.committed().size() > start.committed().size()) {
            notes.add("some partitions had their first commit during the window; their progress is not counted");
        }
        return new MeasuredRates(seconds, produced, produced / seconds, consumed, members, perConsumer, lagStart, lagEnd,
                saturated, notes);
    }

    private static long advance(Map<Integer, Long> from, Map<Integer, Long> to) {
        long total = 0;
        for (Map.Entry<Integer, Long> e : from.entrySet()) {
            Long later = to.get(e.getKey());
            if (later != null) {
                total += Math.max(0, later - e.getValue());
            }
        }
        return total;
    }
}
