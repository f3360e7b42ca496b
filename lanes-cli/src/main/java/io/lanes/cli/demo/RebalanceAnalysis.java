package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.Callback;
import io.lanes.cli.demo.RunRecord.Delivery;
import io.lanes.cli.demo.RunRecord.MemberRecord;
import io.lanes.cli.demo.RunRecord.MembershipChange;
import io.lanes.cli.demo.RunRecord.Ownership;
import io.lanes.cli.demo.RunRecord.Release;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Times the rebalance after each membership change the demo made while events flowed.
 *
 * <p>A change's rebalance is every rebalance-listener call in the group that gives or takes
 * partitions, from the change until the group's next change (or the end of consumption). Its
 * pause runs from the first of those calls to the moment every partition given up in it is being
 * consumed again: the new owner processed its first record from it (or was assigned it, if
 * nothing was waiting). Partitions that keep their owner are not paused by a cooperative
 * rebalance; the longest gap between their records during the pause shows it.
 *
 * <p>As a check: every partition given up during a rebalance had a new owner before the next
 * change (or the end).
 */
final class RebalanceAnalysis {
    static final String TITLE = "every rebalance finished with all partitions consumed again";

    private RebalanceAnalysis() {
    }

    /**
     * The rebalance after one membership change: its first listener call, the moment the last
     * moved partition was consumed again, what moved, whether every moved partition found a new
     * owner, and the longest time without a record on the partitions that kept their owner while
     * the others were paused (-1 if not measured).
     */
    record Rebalance(String group, MembershipChange trigger, long firstCallbackNanos, long resumedNanos,
                     List<Move> moves, int partitionsKept, long keptGapNanos, boolean finished) {
        long pauseNanos() {
            return moves.isEmpty() ? 0 : resumedNanos - firstCallbackNanos;
        }
    }

    /** One partition that changed hands; {@code to} is null if no one took it. */
    record Move(int partition, String from, String to, long releasedNanos, long resumedNanos) {
    }

    static List<Rebalance> analyse(RunRecord run) {
        List<Rebalance> rebalances = new ArrayList<>();
        for (String group : run.groups()) {
            List<MembershipChange> changes = run.changes(group);
            for (int i = 0; i < changes.size(); i++) {
                MembershipChange change = changes.get(i);
                if (change.measured()) {
                    long windowEnd = i + 1 < changes.size() ? changes.get(i + 1).atNanos() : run.endNanos();
                    rebalances.add(rebalance(run, group, change, windowEnd));
                }
            }
        }
        return rebalances;
    }

    static CheckResult check(RunRecord run, List<Rebalance> rebalances) {
        CheckResult.Builder result = new CheckResult.Builder(TITLE);
        for (Rebalance rebalance : rebalances) {
            result.detail("%s", describe(run, rebalance));
            for (Move move : rebalance.moves()) {
                if (move.to() == null) {
                    result.violation("%s p%d, given up by %s at %s, had no new owner before the group's next "
                                    + "change or the end", rebalance.group(), move.partition(), move.from(),
                            run.at(move.releasedNanos()));
                }
            }
        }
        if (rebalances.isEmpty()) {
            result.detail("no membership changes were made while events flowed");
        }
        return result.build();
    }

    static String describe(RunRecord run, Rebalance rebalance) {
        String head = Format.text("%s, %s at %s: ", rebalance.group(), rebalance.trigger().describe(),
                run.at(rebalance.trigger().atNanos()));
        if (rebalance.moves().isEmpty()) {
            return head + "no partition changed hands (" + Format.plural(rebalance.partitionsKept(), "partition")
                    + " kept their owner)";
        }
        TreeSet<Integer> moved = new TreeSet<>();
        List<String> hops = new ArrayList<>();
        long longest = 0;
        for (Move move : rebalance.moves()) {
            moved.add(move.partition());
            hops.add(Format.text("p%d %s->%s", move.partition(), move.from(), move.to() == null ? "nobody" : move.to()));
            longest = Math.max(longest, move.resumedNanos() - move.releasedNanos());
        }
        String pause = rebalance.finished()
                ? Format.text("paused %s (from %s to %s; longest for one partition %s)",
                Format.millis(0, rebalance.pauseNanos()), run.at(rebalance.firstCallbackNanos()),
                run.at(rebalance.resumedNanos()), Format.millis(0, longest))
                : "did not finish";
        String kept = Format.text("the other %s kept their owner", Format.plural(rebalance.partitionsKept(), "partition"));
        if (rebalance.keptGapNanos() >= 0) {
            kept += Format.text(" and kept flowing (longest gap between their records meanwhile: %s)",
                    Format.millis(0, rebalance.keptGapNanos()));
        }
        return head + Format.text("%s moved (%s), %s; %s", Format.plural(moved.size(), "partition"),
                String.join(", ", hops), pause, kept);
    }

    private static Rebalance rebalance(RunRecord run, String group, MembershipChange change, long windowEnd) {
        List<MemberRecord> members = run.members(group);
        long firstCallback = Long.MAX_VALUE;
        for (MemberRecord member : members) {
            for (Callback callback : member.callbacks()) {
                if (!callback.partitions().isEmpty() && callback.startNanos() >= change.atNanos()
                        && callback.startNanos() < windowEnd) {
                    firstCallback = Math.min(firstCallback, callback.startNanos());
                }
            }
        }
        List<Move> moves = new ArrayList<>();
        for (MemberRecord member : members) {
            for (Ownership released : member.ownerships()) {
                if (released.release() != Release.HELD && released.releasingNanos() >= change.atNanos()
                        && released.releasingNanos() < windowEnd) {
                    moves.add(move(members, member, released, windowEnd));
                }
            }
        }
        moves.sort(Comparator.comparingInt(Move::partition));
        long resumed = firstCallback;
        boolean finished = true;
        TreeSet<Integer> moved = new TreeSet<>();
        for (Move move : moves) {
            moved.add(move.partition());
            resumed = Math.max(resumed, move.resumedNanos());
            finished &= move.to() != null;
        }
        long keptGap = finished && !moves.isEmpty() && moved.size() < run.partitions()
                ? keptGap(run.partitions(), members, moved, firstCallback, resumed) : -1;
        return new Rebalance(group, change, firstCallback, resumed, moves, run.partitions() - moved.size(), keptGap,
                finished);
    }

    /** The longest time, between {@code from} and {@code to}, without a record on any partition not in {@code moved}. */
    private static long keptGap(int partitions, List<MemberRecord> members, Set<Integer> moved, long from, long to) {
        List<List<Long>> times = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            times.add(new ArrayList<>());
        }
        for (MemberRecord member : members) {
            for (Delivery delivery : member.deliveries()) {
                if (!moved.contains(delivery.partition()) && delivery.atNanos() >= from && delivery.atNanos() <= to) {
                    times.get(delivery.partition()).add(delivery.atNanos());
                }
            }
        }
        long longest = 0;
        for (int p = 0; p < partitions; p++) {
            if (moved.contains(p)) {
                continue;
            }
            List<Long> at = times.get(p);
            Collections.sort(at);
            long previous = from;
            for (long time : at) {
                longest = Math.max(longest, time - previous);
                previous = time;
            }
            longest = Math.max(longest, to - previous);
        }
        return longest;
    }

    private static Move move(List<MemberRecord> members, MemberRecord from, Ownership released, long windowEnd) {
        MemberRecord nextMember = null;
        int nextIndex = -1;
        Ownership next = null;
        for (MemberRecord member : members) {
            for (int i = 0; i < member.ownerships().size(); i++) {
                Ownership candidate = member.ownerships().get(i);
                if (candidate.partition() == released.partition() && candidate != released
                        && candidate.fromNanos() >= released.fromNanos() && candidate.fromNanos() < windowEnd
                        && (next == null || candidate.fromNanos() < next.fromNanos())) {
                    next = candidate;
                    nextMember = member;
                    nextIndex = i;
                }
            }
        }
        if (next == null) {
            return new Move(released.partition(), from.member(), null, released.releasingNanos(), windowEnd);
        }
        long resumed = next.fromNanos();
        for (Delivery delivery : nextMember.deliveries()) {
            if (delivery.ownership() == nextIndex && delivery.atNanos() < windowEnd) {
                resumed = Math.max(resumed, delivery.atNanos());
                break;
            }
        }
        return new Move(released.partition(), from.member(), nextMember.member(), released.releasingNanos(),
                Math.max(resumed, released.releasingNanos()));
    }
}
