package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.Delivery;
import io.lanes.cli.demo.RunRecord.MemberRecord;
import io.lanes.cli.demo.RunRecord.Ownership;
import io.lanes.cli.demo.RunRecord.Release;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Within a group, no partition was owned by two consumers at once, and no consumer processed a
 * record of a partition it did not own. A consumer owns a partition from the start of the
 * {@code onPartitionsAssigned} call that gives it until the end of the {@code onPartitionsRevoked}
 * (or {@code onPartitionsLost}) call that takes it, after its final commit; the next owner's
 * assignment must start after that.
 */
final class OwnershipCheck {
    static final String TITLE = "no partition was owned by two consumers of a group at once";

    private OwnershipCheck() {
    }

    static CheckResult check(RunRecord run) {
        CheckResult.Builder result = new CheckResult.Builder(TITLE);
        for (String group : run.groups()) {
            List<Held> held = new ArrayList<>();
            int lost = 0;
            for (MemberRecord member : run.members(group)) {
                for (Ownership ownership : member.ownerships()) {
                    held.add(new Held(member.member(), ownership));
                    if (ownership.release() == Release.LOST) {
                        lost++;
                    }
                }
                outsideOwnership(run, member, result);
            }
            int handovers = 0;
            for (int partition = 0; partition < run.partitions(); partition++) {
                handovers += checkPartition(run, group, partition, held, result);
            }
            result.detail("%s: %s of %s by %s, %s%s", group, Format.plural(held.size(), "ownership"),
                    Format.plural(run.partitions(), "partition"), Format.plural(run.members(group).size(), "consumer"),
                    Format.plural(handovers, "handover"),
                    lost == 0 ? "" : Format.text(", %d lost (onPartitionsLost)", lost));
        }
        return result.build();
    }

    private static int checkPartition(RunRecord run, String group, int partition, List<Held> held,
                                      CheckResult.Builder result) {
        List<Held> owners = held.stream().filter(h -> h.ownership.partition() == partition)
                .sorted(Comparator.comparingLong(h -> h.ownership.fromNanos())).toList();
        int handovers = 0;
        for (int i = 0; i < owners.size(); i++) {
            Held later = owners.get(i);
            if (i > 0 && !owners.get(i - 1).member.equals(later.member)) {
                handovers++;
            }
            for (int j = 0; j < i; j++) {
                Held earlier = owners.get(j);
                if (!earlier.member.equals(later.member) && earlier.ownership.overlaps(later.ownership)) {
                    result.violation("%s p%d: %s owned it until %s and %s from %s", group, partition, earlier.member,
                            until(run, earlier.ownership), later.member, run.at(later.ownership.fromNanos()));
                }
            }
        }
        return handovers;
    }

    private static void outsideOwnership(RunRecord run, MemberRecord member, CheckResult.Builder result) {
        for (Delivery delivery : member.deliveries()) {
            if (delivery.ownership() < 0) {
                result.violation("%s processed p%d@%d at %s without owning p%d", member.member(), delivery.partition(),
                        delivery.offset(), run.at(delivery.atNanos()), delivery.partition());
            }
        }
    }

    private static String until(RunRecord run, Ownership ownership) {
        return ownership.release() == Release.HELD ? "the end" : run.at(ownership.untilNanos());
    }

    private record Held(String member, Ownership ownership) {
    }
}
