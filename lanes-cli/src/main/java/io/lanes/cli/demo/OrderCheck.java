package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.Delivery;
import io.lanes.cli.demo.RunRecord.MemberRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each order's events arrived in order, in every group, allowing for at-least-once redelivery.
 *
 * <p>A partition's records reach a group as a series of <em>stints</em>: one consumer's
 * ownership of the partition, from assignment to revocation, during which it reads forward from
 * where the group last committed. Stints of one partition are taken in the order they began
 * (the ownership check makes sure they do not overlap). What is checked, per group and order:
 * <ul>
 *   <li>within a stint, the order's sequence numbers go up by exactly one from each event to the
 *       next (no gap, no repeat, nothing backwards);</li>
 *   <li>a stint's first event of the order is at most one past the highest sequence number the
 *       group had already processed for it: equal or lower is a redelivery (the new owner
 *       re-reads from the last committed offset, which at-least-once allows and the output
 *       counts), higher is a gap;</li>
 *   <li>the first event the group ever processes for an order is sequence 0.</li>
 * </ul>
 * So a consumer may see {@code 3 4 | 4 5 6} across a handover, never {@code 3 5} or {@code 4 3}
 * within what one consumer processes.
 */
final class OrderCheck {
    static final String TITLE = "each order's events arrived in order";

    private OrderCheck() {
    }

    static CheckResult check(RunRecord run) {
        CheckResult.Builder result = new CheckResult.Builder(TITLE);
        result.detail("checked per group and order: sequence numbers go up by one within each consumer's ownership "
                + "of the partition; a new owner may repeat what the group already processed (redelivery from the "
                + "last committed offset) but never skip ahead");
        for (String group : run.groups()) {
            checkGroup(run, group, result);
        }
        return result.build();
    }

    private static void checkGroup(RunRecord run, String group, CheckResult.Builder result) {
        Map<Integer, Integer> highest = new HashMap<>();
        long events = 0;
        long redelivered = 0;
        int before = result.violations();
        for (Stint stint : stints(run, group)) {
            Map<Integer, Integer> lastInStint = new HashMap<>();
            for (Delivery delivery : stint.deliveries) {
                int order = delivery.orderId();
                int seq = delivery.seq();
                if (order < 0 || seq < 0) {
                    continue; // unreadable: the completeness check reports it
                }
                events++;
                Integer last = lastInStint.get(order);
                int groupHighest = highest.getOrDefault(order, -1);
                if (last == null) {
                    if (seq > groupHighest + 1) {
                        result.violation("%s: %s seq %d reached %s (p%d@%d, %s) when the group had processed only up to "
                                        + "seq %d", group, OrderEvents.key(order), seq, stint.member, delivery.partition(),
                                delivery.offset(), run.at(delivery.atNanos()), groupHighest);
                    } else if (seq <= groupHighest) {
                        redelivered++;
                    }
                } else if (seq != last + 1) {
                    result.violation("%s: %s seq %d reached %s (p%d@%d, %s) right after seq %d", group,
                            OrderEvents.key(order), seq, stint.member, delivery.partition(), delivery.offset(),
                            run.at(delivery.atNanos()), last);
                }
                lastInStint.put(order, seq);
                highest.merge(order, seq, Math::max);
            }
        }
        result.detail("%s: %s, %s checked, %s redelivered after a handover%s", group,
                Format.plural(highest.size(), "order"), Format.plural(events, "event"), Format.count(redelivered),
                result.violations() == before ? ", none out of order" : "");
    }

    /** The group's stints on every partition, each partition's in the order they began. */
    private static List<Stint> stints(RunRecord run, String group) {
        List<Stint> stints = new ArrayList<>();
        for (MemberRecord member : run.members(group)) {
            Map<Integer, Stint> byOwnership = new HashMap<>();
            Map<Integer, Stint> unowned = new HashMap<>();
            for (Delivery delivery : member.deliveries()) {
                Stint stint;
                if (delivery.ownership() >= 0) {
                    stint = byOwnership.computeIfAbsent(delivery.ownership(), i -> new Stint(member.member(),
                            delivery.partition(), member.ownerships().get(i).fromNanos()));
                } else {
                    stint = unowned.computeIfAbsent(delivery.partition(), p -> new Stint(member.member(), p,
                            delivery.atNanos()));
                }
                stint.deliveries.add(delivery);
            }
            stints.addAll(byOwnership.values());
            stints.addAll(unowned.values());
        }
        stints.sort(Comparator.comparingInt((Stint s) -> s.partition).thenComparingLong(s -> s.fromNanos));
        return stints;
    }

    private static final class Stint {
        final String member;
        final int partition;
        final long fromNanos;
        final List<Delivery> deliveries = new ArrayList<>();

        Stint(String member, int partition, long fromNanos) {
            this.member = member;
            this.partition = partition;
            this.fromNanos = fromNanos;
        }
    }
}
